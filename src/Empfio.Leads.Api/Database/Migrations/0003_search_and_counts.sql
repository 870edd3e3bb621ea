-- Search: a case-folded copy of the four searched fields, one per line. A search term
-- may not contain a line break, so it never matches across two fields. Trigram indexes
-- (pg_trgm) find substrings of 3+ characters; btree_gin lets the index start with
-- tenant_id like every other.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE leads ADD COLUMN search_text text GENERATED ALWAYS AS (
    fold_case(name) || E'\n' || coalesce(fold_case(email), '') || E'\n' ||
    coalesce(fold_case(company), '') || E'\n' || coalesce(phone, '')
) STORED;

CREATE INDEX leads_tenant_search ON leads USING gin (tenant_id, search_text gin_trgm_ops);

-- Exact totals for lists without a search, kept by triggers: counting a large tenant's
-- rows on every page would cost more than the page.
CREATE TABLE lead_counts (
    tenant_id text   NOT NULL,
    status    text   NOT NULL,
    channel   text   NOT NULL,
    leads     bigint NOT NULL,
    PRIMARY KEY (tenant_id, status, channel)
);

INSERT INTO lead_counts (tenant_id, status, channel, leads)
SELECT tenant_id, status, channel, count(*) FROM leads GROUP BY tenant_id, status, channel;

CREATE FUNCTION lead_counts_on_insert_or_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO lead_counts (tenant_id, status, channel, leads)
        VALUES (NEW.tenant_id, NEW.status, NEW.channel, 1)
        ON CONFLICT (tenant_id, status, channel) DO UPDATE SET leads = lead_counts.leads + 1;
    ELSE
        UPDATE lead_counts SET leads = leads - 1
        WHERE tenant_id = OLD.tenant_id AND status = OLD.status AND channel = OLD.channel;
    END IF;
    RETURN NULL;
END;
$$;

-- A status change moves one lead between two counters in a single UPDATE, which locks
-- the two rows in index order: two opposite changes cannot deadlock.
CREATE FUNCTION lead_counts_on_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO lead_counts (tenant_id, status, channel, leads)
    VALUES (NEW.tenant_id, NEW.status, NEW.channel, 0)
    ON CONFLICT (tenant_id, status, channel) DO NOTHING;
    UPDATE lead_counts SET leads = leads + CASE WHEN status = NEW.status THEN 1 ELSE -1 END
    WHERE tenant_id = NEW.tenant_id AND channel = NEW.channel AND status IN (OLD.status, NEW.status);
    RETURN NULL;
END;
$$;

CREATE TRIGGER leads_counted AFTER INSERT OR DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION lead_counts_on_insert_or_delete();
CREATE TRIGGER leads_status_counted AFTER UPDATE OF status ON leads
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION lead_counts_on_status_change();
