-- CreateLead.Handler, "Insert".
\set n random(1, 2000000000)
INSERT INTO leads (tenant_id, id, name, phone, email, company, channel, channel_id, status,
                   preferred_services, appointment_notes, metadata, change)
VALUES ('tenant-big', gen_random_uuid(), 'Bench pg ' || :client_id::text || '-' || :n::text, NULL,
        'benchpg' || :client_id::text || '-' || :n::text || '@example.com', NULL, 'web', NULL, 'new',
        '{}', NULL, '{}'::jsonb, ROW('lead.created', 'bench@example.com')::lead_change)
ON CONFLICT (tenant_id, channel, channel_id) WHERE status <> 'lost' AND channel_id IS NOT NULL
DO NOTHING
RETURNING id, name, phone, email, company, channel, channel_id, status,
          preferred_services, appointment_notes, metadata, created_at, updated_at, version;
