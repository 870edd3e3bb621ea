-- Adds :per_lead events to every lead, in one transaction (all with its transaction id,
-- positions in order): a lead.updated of the lead as it is, the size of a real event.
-- With :age_days the events are that old (for the retention measurement). Indexes are
-- built after the rows are in. Run with psql -v ON_ERROR_STOP=1 -v per_lead=N -v age_days=D.
\timing on
SET maintenance_work_mem = '1GB';
ALTER TABLE lead_events DROP CONSTRAINT lead_events_pkey;
DROP INDEX lead_events_tenant_lead;

INSERT INTO lead_events (tenant_id, txid, type, occurred_at, lead_id, lead_version, actor, changes, lead)
SELECT l.tenant_id, pg_current_xact_id()::text::bigint, 'lead.updated', now() - make_interval(days => :age_days),
       l.id, l.version, 'seed@example.com', '{"status": {"from": "new", "to": "contacted"}}', lead_json(l)
FROM generate_series(1, :per_lead) AS g
CROSS JOIN leads AS l;

ALTER TABLE lead_events ADD PRIMARY KEY (tenant_id, txid, position);
CREATE INDEX lead_events_tenant_lead ON lead_events (tenant_id, lead_id, txid, position);
VACUUM (ANALYZE) lead_events;
SELECT count(*) AS events FROM lead_events;
