-- The list's channel_id filter finds a conversation's leads, lost ones too, with or
-- without channel. The unique index of 0002 holds only leads that are not lost, and
-- starts with channel, so it cannot answer either alone.
CREATE INDEX leads_tenant_conversation ON leads (tenant_id, channel_id, channel) WHERE channel_id IS NOT NULL;
