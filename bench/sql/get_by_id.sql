-- GetLead.Handler (one PK lookup), for a random id of the big tenant.
\set k random(1, 300000)
SELECT id, name, phone, email, company, channel, channel_id, status,
       preferred_services, appointment_notes, metadata, created_at, updated_at, version
FROM leads
WHERE tenant_id = 'tenant-big' AND id = md5('tenant-big/' || :k)::uuid;
