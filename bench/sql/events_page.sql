-- ListEvents.Handler ("Sql", then "Removed"): the 100 events of the big tenant after a
-- random position of the seeded events ({{TXID}}, their transaction id).
\set p random({{MINPOS}}, {{MAXPOS}})
WITH horizon AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS txid)
SELECT horizon.txid AS horizon, e.*
FROM horizon
LEFT JOIN LATERAL (
    SELECT id, type, occurred_at, lead_id, lead_version, actor, changes, lead, txid, position
    FROM lead_events
    WHERE tenant_id = 'tenant-big'
      AND (txid, position) > ({{TXID}}, :p)
      AND txid < horizon.txid
      AND (NULL::text[] IS NULL OR type = ANY(NULL::text[]))
      AND (NULL::uuid IS NULL OR lead_id = NULL::uuid)
    ORDER BY txid, position
    LIMIT 101
) AS e ON true
ORDER BY e.txid, e.position;
SELECT EXISTS (
    SELECT 1 FROM lead_events_removed
    WHERE tenant_id = 'tenant-big' AND (txid, position) > ({{TXID}}, :p));
