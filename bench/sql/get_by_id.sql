-- GetLead.Handler (one PK lookup), for a random id of the big tenant.
\set n random(1, 10000)
SELECT id, name, phone, email, company, channel, channel_id, status,
       preferred_services, appointment_notes, metadata, created_at, updated_at, version
FROM leads
WHERE tenant_id = 'tenant-big' AND id = (SELECT id FROM bench_ids WHERE n = :n);
