-- Every change to a lead increments its version; the API shows it as the ETag, and
-- PATCH and DELETE with If-Match apply only to the version the caller has seen.
ALTER TABLE leads ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- A channel's conversation (channel, channel_id) belongs to at most one active lead of a
-- tenant. The database enforces it, so parallel creates cannot both succeed.
CREATE UNIQUE INDEX leads_tenant_channel_conversation ON leads (tenant_id, channel, channel_id)
    WHERE status <> 'lost' AND channel_id IS NOT NULL;

-- The first response to a request sent with an Idempotency-Key, replayed to its repeats.
-- A row without completed_at is a request still running (or one that died, taken over
-- after a while). Rows are kept at least 24 hours.
CREATE TABLE idempotency_keys (
    tenant_id     text        NOT NULL,
    key           text        NOT NULL,
    fingerprint   text        NOT NULL,
    claimed_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    status_code   integer,
    location      text,
    etag          text,
    body          text,
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_claimed_at ON idempotency_keys (claimed_at);
