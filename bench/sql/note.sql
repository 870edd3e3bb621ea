-- AddLeadNote.Handler. The format's colons are written chr(58): pgbench would read
-- ":MI" as a variable. The planner folds the constant, so the work is the same.
\set k random(1, 300000)
\set v random(1, 1000000)
UPDATE leads
SET metadata = jsonb_set(
        metadata,
        '{notes}',
        coalesce(metadata -> 'notes', '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
            'content', 'bench note ' || :v::text,
            'author', 'bench@example.com',
            'created_at', to_char(
                greatest(clock_timestamp(), (metadata #>> '{notes,-1,created_at}')::timestamptz) AT TIME ZONE 'UTC',
                'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"')))),
    updated_at = now(),
    version = version + 1,
    change = ROW('lead.note_added', 'bench@example.com')::lead_change
WHERE tenant_id = 'tenant-big' AND id = md5('tenant-big/' || :k)::uuid
RETURNING metadata -> 'notes';
