-- Leads, keyed by tenant first: every key and index starts with tenant_id so the
-- table can later be distributed by tenant without changing a query.
CREATE TABLE leads (
    tenant_id          text        NOT NULL,
    id                 uuid        NOT NULL,
    name               text        NOT NULL,
    phone              text,
    email              text,
    company            text,
    channel            text        NOT NULL
        CHECK (channel IN ('whatsapp', 'telegram', 'web', 'email', 'voice')),
    channel_id         text,
    status             text        NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'contacted', 'booking_offered', 'booked', 'confirmed',
                          'completed', 'no_show', 'cancelled', 'lost')),
    preferred_services text[]      NOT NULL DEFAULT '{}',
    appointment_notes  text,
    metadata           jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(metadata) = 'object'),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id)
);

-- Lists are newest first with id as tie-break, optionally filtered by status or channel.
CREATE INDEX leads_tenant_newest ON leads (tenant_id, created_at DESC, id DESC);
CREATE INDEX leads_tenant_status_newest ON leads (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX leads_tenant_channel_newest ON leads (tenant_id, channel, created_at DESC, id DESC);

-- Case folding for search, with ICU so it is Unicode-aware ('MÜLLER' finds 'Müller')
-- whatever locale the database was created with.
CREATE FUNCTION fold_case(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(value COLLATE "und-x-icu");

-- RFC 7396 JSON merge patch: keys set to null are removed, objects merge recursively,
-- anything else replaces. Lets PATCH merge metadata inside one UPDATE statement.
CREATE FUNCTION jsonb_merge_patch(target jsonb, patch jsonb) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
BEGIN
    IF patch IS NULL OR jsonb_typeof(patch) <> 'object' THEN
        RETURN patch;
    END IF;
    IF target IS NULL OR jsonb_typeof(target) <> 'object' THEN
        target := '{}'::jsonb;
    END IF;
    RETURN (
        SELECT coalesce(jsonb_object_agg(merged.key, merged.value), '{}'::jsonb)
        FROM (
            SELECT t.key, t.value
            FROM jsonb_each(target) AS t
            WHERE NOT patch ? t.key
            UNION ALL
            SELECT p.key, jsonb_merge_patch(target -> p.key, p.value)
            FROM jsonb_each(patch) AS p
            WHERE jsonb_typeof(p.value) <> 'null'
        ) AS merged
    );
END;
$$;
