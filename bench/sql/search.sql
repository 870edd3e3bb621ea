-- ListLeads.Handler, "Searched". bench/run.sh fills in {{MATCH}} per scenario: the
-- trigram LIKE for 3+ characters, strpos for 1-2, as the handler chooses.
WITH matches AS MATERIALIZED (
    SELECT id, created_at FROM leads
    WHERE tenant_id = 'tenant-big'
      AND {{MATCH}}
      AND (NULL::text IS NULL OR status = NULL)
      AND (NULL::text IS NULL OR channel = NULL)
)
SELECT counted.total, l.id, l.name, l.phone, l.email, l.company, l.channel, l.status, l.created_at, l.updated_at, l.version
FROM (SELECT count(*) AS total FROM matches) AS counted
LEFT JOIN LATERAL (
    SELECT id, created_at FROM matches
    ORDER BY created_at DESC, id DESC
    LIMIT 20 OFFSET 0
) AS page ON true
LEFT JOIN leads AS l ON l.tenant_id = 'tenant-big' AND l.id = page.id
ORDER BY page.created_at DESC, page.id DESC;
