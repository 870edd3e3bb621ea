-- The event log: every committed change of a lead is one row of lead_events, written by a
-- trigger on leads inside the statement that makes the change. A write that is refused
-- (412, 409, a rolled-back idempotent request) writes nothing, and no write path can
-- forget its event: every statement that writes leads names its change in the column
-- `change` (the event type and the actor), and a statement that does not is an error.

CREATE TYPE lead_change AS (type text, actor text);

-- change: set by each writing statement, cleared by the update trigger once the event is
-- written (the insert's stays, and an update must set a new one).
-- event_txid: where the lead's last event sits in the feed's order (see below).
ALTER TABLE leads
    ADD COLUMN change lead_change,
    ADD COLUMN event_txid bigint;
ALTER TABLE leads ALTER COLUMN event_txid SET DEFAULT pg_current_xact_id()::text::bigint;

-- The feed's order is (txid, position). position is taken from a sequence before commit,
-- so on its own it is not commit order: a reader that read "position > last" would skip an
-- event whose transaction commits after a later position's. txid is the writing
-- transaction's id, and a reader reads only events of transactions older than every one
-- still running (pg_snapshot_xmin): a transaction that commits later has a txid at least
-- that high, so it sorts after everything already read. A lead's later change can hold a
-- smaller transaction id than its earlier one (the id is assigned before the row lock is
-- taken), so txid is raised to the lead's previous event's: the order always follows
-- each lead's versions.
CREATE SEQUENCE lead_event_positions AS bigint;

CREATE TABLE lead_events (
    tenant_id    text        NOT NULL,
    txid         bigint      NOT NULL,
    position     bigint      NOT NULL DEFAULT nextval('lead_event_positions'),
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    type         text        NOT NULL
        CHECK (type IN ('lead.created', 'lead.updated', 'lead.deleted', 'lead.note_added')),
    occurred_at  timestamptz NOT NULL,
    lead_id      uuid        NOT NULL,
    lead_version bigint      NOT NULL,
    actor        text        NOT NULL,
    -- json, not jsonb: kept as written (keys in the API's order, its time format), so the
    -- service passes them through without parsing or re-serializing.
    changes      json,
    lead         json        NOT NULL,
    PRIMARY KEY (tenant_id, txid, position)
);
ALTER SEQUENCE lead_event_positions OWNED BY lead_events.position;

-- A lead's history, and the feed filtered to one lead: the same order, per lead.
CREATE INDEX lead_events_tenant_lead ON lead_events (tenant_id, lead_id, txid, position);

-- Retention removes each tenant's oldest events in feed order; the last one removed is
-- kept here, so a cursor before it is known to have missed events (410), never silently.
CREATE TABLE lead_events_removed (
    tenant_id text   NOT NULL PRIMARY KEY,
    txid      bigint NOT NULL,
    position  bigint NOT NULL
);

-- A timestamp as the service writes one (System.Text.Json): UTC, the fraction without
-- trailing zeros, none for a whole second.
CREATE FUNCTION wire_time(t timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
RETURN regexp_replace(to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '\.?0+$', '') || 'Z';

-- The lead as GET /api/v1/leads/{lead_id} returns it: the same members in the same order
-- and format (Lead.cs; EventLogTests compare the two).
CREATE FUNCTION lead_json(l leads) RETURNS json LANGUAGE sql STABLE PARALLEL SAFE
RETURN json_build_object(
    'id', l.id, 'name', l.name, 'phone', l.phone, 'email', l.email, 'company', l.company,
    'channel', l.channel, 'channel_id', l.channel_id, 'status', l.status,
    'preferred_services', l.preferred_services, 'appointment_notes', l.appointment_notes,
    'metadata', l.metadata, 'created_at', wire_time(l.created_at), 'updated_at', wire_time(l.updated_at),
    'version', l.version);

-- What an update changed: one {"from", "to"} per wire field whose value differs, in the
-- lead's order (never version or updated_at); for metadata only the top-level keys that
-- differ, a removed key as null in "to" and an added one as null in "from" (notes are the
-- notes endpoint's, and a lead.note_added event's).
CREATE FUNCTION lead_changes(old_lead leads, new_lead leads) RETURNS json LANGUAGE sql STABLE PARALLEL SAFE
RETURN (
    SELECT coalesce(json_object_agg(c.key, c.value ORDER BY c.ord), '{}'::json)
    FROM (
        SELECT f.ord, f.key, json_build_object('from', o.lead -> f.key, 'to', n.lead -> f.key) AS value
        FROM (SELECT to_jsonb(old_lead) AS lead) AS o,
             (SELECT to_jsonb(new_lead) AS lead) AS n,
             unnest(ARRAY['name', 'phone', 'email', 'company', 'channel', 'channel_id', 'status',
                          'preferred_services', 'appointment_notes']) WITH ORDINALITY AS f(key, ord)
        WHERE o.lead -> f.key IS DISTINCT FROM n.lead -> f.key
        UNION ALL
        SELECT 100, 'metadata', json_build_object(
            'from', jsonb_object_agg(key, coalesce(o.value, 'null'::jsonb)),
            'to', jsonb_object_agg(key, coalesce(n.value, 'null'::jsonb)))
        FROM jsonb_each(old_lead.metadata - 'notes') AS o
        FULL JOIN jsonb_each(new_lead.metadata - 'notes') AS n USING (key)
        WHERE o.value IS DISTINCT FROM n.value
        HAVING count(*) > 0
    ) AS c
);

-- A lead.note_added event's changes: the note as the notes endpoint shows it.
CREATE FUNCTION note_json(note jsonb) RETURNS json LANGUAGE sql STABLE PARALLEL SAFE
RETURN json_build_object('note', json_build_object(
    'content', note -> 'content', 'author', note -> 'author',
    'created_at', wire_time((note ->> 'created_at')::timestamptz)));

-- After the insert (an INSERT ... ON CONFLICT DO NOTHING that inserts nothing fires nothing).
CREATE FUNCTION lead_created_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.change IS NULL OR (NEW.change).type IS DISTINCT FROM 'lead.created' OR (NEW.change).actor IS NULL THEN
        RAISE EXCEPTION 'an INSERT INTO leads must set change = (''lead.created'', actor)';
    END IF;
    INSERT INTO lead_events (tenant_id, txid, type, occurred_at, lead_id, lead_version, actor, changes, lead)
    VALUES (NEW.tenant_id, NEW.event_txid, 'lead.created', NEW.created_at, NEW.id, NEW.version,
            (NEW.change).actor, NULL, lead_json(NEW));
    RETURN NULL;
END;
$$;

-- Before the update, once the row is locked and NEW is final: if the statement then
-- fails (a unique violation), the event goes with it.
CREATE FUNCTION lead_changed_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    change lead_change := NEW.change;
BEGIN
    IF change IS NULL OR change IS NOT DISTINCT FROM OLD.change
       OR change.type NOT IN ('lead.updated', 'lead.deleted', 'lead.note_added') OR change.actor IS NULL THEN
        RAISE EXCEPTION 'an UPDATE of leads must set change = (''lead.updated'' | ''lead.deleted'' | ''lead.note_added'', actor)';
    END IF;
    IF NEW.version IS DISTINCT FROM OLD.version + 1 THEN
        RAISE EXCEPTION 'an UPDATE of leads must raise version by 1';
    END IF;
    NEW.event_txid := greatest(pg_current_xact_id()::text::bigint, OLD.event_txid);
    NEW.change := NULL;
    INSERT INTO lead_events (tenant_id, txid, type, occurred_at, lead_id, lead_version, actor, changes, lead)
    VALUES (NEW.tenant_id, NEW.event_txid, change.type, NEW.updated_at, NEW.id, NEW.version, change.actor,
            CASE change.type
                WHEN 'lead.note_added' THEN note_json(NEW.metadata -> 'notes' -> -1)
                ELSE lead_changes(OLD, NEW)
            END,
            lead_json(NEW));
    RETURN NEW;
END;
$$;

CREATE TRIGGER leads_created_event AFTER INSERT ON leads
    FOR EACH ROW EXECUTE FUNCTION lead_created_event();
CREATE TRIGGER leads_changed_event BEFORE UPDATE ON leads
    FOR EACH ROW EXECUTE FUNCTION lead_changed_event();
