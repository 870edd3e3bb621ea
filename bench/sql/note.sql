-- AddLeadNote.Handler.
\set n random(1, 10000)
\set v random(1, 1000000)
UPDATE leads
SET metadata = jsonb_set(
        metadata,
        '{notes}',
        coalesce(metadata -> 'notes', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
            'content', 'bench note ' || :v::text,
            'author', 'bench@example.com',
            'created_at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')))),
    updated_at = now(),
    version = version + 1
WHERE tenant_id = 'tenant-big' AND id = (SELECT id FROM bench_ids WHERE n = :n)
RETURNING metadata -> 'notes';
