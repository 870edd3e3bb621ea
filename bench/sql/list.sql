-- ListLeads.Handler, "Listed" (total from the counters, then the page). bench/run.sh
-- fills in {{STATUS}} (NULL for no filter) and {{OFFSET}} per scenario.
SELECT coalesce(sum(leads), 0)::bigint FROM lead_counts
WHERE tenant_id = 'tenant-big'
  AND ({{STATUS}}::text IS NULL OR status = {{STATUS}})
  AND (NULL::text IS NULL OR channel = NULL);
SELECT l.id, l.name, l.phone, l.email, l.company, l.channel, l.status, l.created_at, l.updated_at, l.version
FROM (
    SELECT id, created_at FROM leads
    WHERE tenant_id = 'tenant-big'
      AND ({{STATUS}}::text IS NULL OR status = {{STATUS}})
      AND (NULL::text IS NULL OR channel = NULL)
    ORDER BY created_at DESC, id DESC
    LIMIT 20 OFFSET {{OFFSET}}
) AS page
JOIN leads AS l ON l.tenant_id = 'tenant-big' AND l.id = page.id
ORDER BY page.created_at DESC, page.id DESC;
