-- The trigram index took new entries into its pending list (GIN "fastupdate"), which every
-- search reads entry by entry until a vacuum flushes it. After a burst of writes in the
-- benchmark it held ~360 pages, and a rare-term search cost PostgreSQL 1.9 ms instead of
-- 0.7. Leads are written far less often than they are listed and searched: new entries go
-- straight into the index (creates ~20 % slower, measured with pgbench) and every search
-- costs the same whatever was written before it.
ALTER INDEX leads_tenant_search SET (fastupdate = off);
SELECT gin_clean_pending_list('leads_tenant_search'::regclass);
