-- ListLeads.Handler, "Listed" with the optional status filter as a bound parameter (as
-- Npgsql sends it), to compare plan modes: run with -M prepared.
SELECT 'booked' AS status \gset
SELECT coalesce(sum(leads), 0)::bigint FROM lead_counts
WHERE tenant_id = 'tenant-big'
  AND (:status::text IS NULL OR status = :status)
  AND (NULL::text IS NULL OR channel = NULL);
SELECT l.id, l.name, l.phone, l.email, l.company, l.channel, l.status, l.created_at
FROM (
    SELECT id, created_at FROM leads
    WHERE tenant_id = 'tenant-big'
      AND (:status::text IS NULL OR status = :status)
      AND (NULL::text IS NULL OR channel = NULL)
    ORDER BY created_at DESC, id DESC
    LIMIT 20 OFFSET 0
) AS page
JOIN leads AS l ON l.tenant_id = 'tenant-big' AND l.id = page.id
ORDER BY page.created_at DESC, page.id DESC;
