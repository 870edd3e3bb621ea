-- UpdateLead.Handler (appointment_notes and one metadata key set, nothing else).
\set k random(1, 300000)
\set v random(1, 1000000)
UPDATE leads SET
    name               = CASE WHEN false THEN NULL ELSE name END,
    phone              = CASE WHEN false THEN NULL ELSE phone END,
    email              = CASE WHEN false THEN NULL ELSE email END,
    company            = CASE WHEN false THEN NULL ELSE company END,
    status             = CASE WHEN false THEN NULL ELSE status END,
    preferred_services = CASE WHEN false THEN '{}'::text[] ELSE preferred_services END,
    appointment_notes  = CASE WHEN true THEN 'bench ' || :v::text ELSE appointment_notes END,
    metadata           = CASE WHEN true THEN jsonb_merge_patch(metadata, ('{"bench": ' || :v::text || '}')::jsonb) ELSE metadata END,
    updated_at         = now(),
    version            = version + 1,
    change             = ROW('lead.updated', 'bench@example.com')::lead_change
WHERE tenant_id = 'tenant-big' AND id = md5('tenant-big/' || :k)::uuid
  AND (NULL::bigint[] IS NULL OR version = ANY(NULL::bigint[]))
RETURNING id, name, phone, email, company, channel, channel_id, status,
          preferred_services, appointment_notes, metadata, created_at, updated_at, version;
