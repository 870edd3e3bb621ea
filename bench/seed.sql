-- Seeds 1,000,000 leads: one tenant of 300,000 (tenant-big), ten of 20,000 to 50,000
-- (tenant-mid-1..10), and 3,500 small ones of 100 (tenant-small-1..3500). Names (with
-- some Unicode), e-mails, companies, E.164 phones, every status and channel, some notes
-- and metadata, created_at spread over two years. Run with psql -v ON_ERROR_STOP=1.
\timing on
SET maintenance_work_mem = '512MB';

-- Bulk load: the counters are computed once at the end, and the trigram index is built
-- after the rows are in (much faster than maintaining it row by row).
ALTER TABLE leads DISABLE TRIGGER leads_counted;
-- Seeded leads are not changes made through the API: they get no lead.created event.
ALTER TABLE leads DISABLE TRIGGER leads_created_event;
DROP INDEX leads_tenant_search;

CREATE TEMP TABLE tenants AS
SELECT 'tenant-big' AS tenant_id, 300000 AS leads
UNION ALL SELECT 'tenant-mid-' || i, 20000 + (i - 1) * 3300 FROM generate_series(1, 10) AS i
UNION ALL SELECT 'tenant-small-' || i, 100 FROM generate_series(1, 3500) AS i;

CREATE TEMP TABLE words (kind text, i int, word text);
INSERT INTO words SELECT 'first', ordinality, w FROM unnest(ARRAY[
  'Anna','Jan','Lukas','Marie','Sophie','Paul','Emma','Felix','Mia','Leon','Zoë','José','Jürgen','Müge',
  'Olivia','Noah','Liam','Ava','Elena','Mateo','Chloé','Søren','Åsa','Ines','Omar','Fatima','Wei','Yuki',
  'Priya','Arjun','Nina','Tom','Lea','Ben','Clara','Max','Lina','Finn','Ida','Theo']) WITH ORDINALITY AS t(w, ordinality);
INSERT INTO words SELECT 'last', ordinality, w FROM unnest(ARRAY[
  'Müller','Schmidt','Schneider','Fischer','Weber','Meyer','Wagner','Becker','Schulz','Hoffmann','Smith',
  'Johnson','Brown','García','Martínez','Rossi','Russo','Dubois','Lefèvre','Nowak','Kowalski','Jensen',
  'Nielsen','Öztürk','Yılmaz','Kim','Lee','Tanaka','Sato','Ivanova','Novák','Horváth','Silva','Santos']) WITH ORDINALITY AS t(w, ordinality);
INSERT INTO words SELECT 'company', ordinality, w FROM unnest(ARRAY[
  'Acme','Globex','Initech','Umbrella','Stark','Wayne','Hooli','Vandelay','Soylent','Tyrell','Cyberdyne',
  'Gringotts','Wonka','Oscorp','Aperture','Blue Sun','Massive Dynamic','Nakatomi','Pied Piper','Dunder Mifflin']) WITH ORDINALITY AS t(w, ordinality);
INSERT INTO words SELECT 'domain', ordinality, w FROM unnest(ARRAY[
  'gmail.com','web.de','gmx.de','outlook.com','yahoo.com','icloud.com','posteo.de','t-online.de','proton.me','firma.de']) WITH ORDINALITY AS t(w, ordinality);

CREATE TEMP TABLE counts AS SELECT kind, count(*)::int AS n FROM words GROUP BY kind;

INSERT INTO leads (tenant_id, id, name, phone, email, company, channel, channel_id, status,
                   preferred_services, appointment_notes, metadata, created_at, updated_at)
SELECT
    t.tenant_id,
    -- The big tenant's ids are md5('tenant-big/' || k), k = 1..300,000: wrk and pgbench
    -- pick the same random lead without a lookup table (pgbench's variables are numbers).
    CASE WHEN t.tenant_id = 'tenant-big' THEN md5('tenant-big/' || s.k)::uuid ELSE gen_random_uuid() END,
    f.word || ' ' || l.word || CASE WHEN s.n % 30000 = 7 THEN ' Zyxwvut' ELSE '' END,
    '+49' || (1500000000 + s.n)::text,
    CASE WHEN s.n % 10 <> 0 THEN lower(translate(f.word || '.' || l.word, 'üöäëéèçñøåıÜÖÄŞØÅ ', 'uoaeeecnoaiUOASOA')) || s.n || '@' || d.word END,
    CASE WHEN s.n % 5 < 3 THEN c.word || CASE s.n % 3 WHEN 0 THEN ' GmbH' WHEN 1 THEN ' Ltd' ELSE ' AG' END END,
    (ARRAY['whatsapp','telegram','web','email','voice'])[1 + s.n % 5],
    'bench-' || s.n,
    (ARRAY['new','new','new','contacted','contacted','booking_offered','booked','confirmed','completed','no_show','cancelled','lost'])[1 + (s.n * 7) % 12],
    CASE WHEN s.n % 4 = 0 THEN ARRAY['haircut'] WHEN s.n % 4 = 1 THEN ARRAY['colour', 'styling'] ELSE '{}' END,
    CASE WHEN s.n % 8 = 0 THEN 'Prefers mornings' END,
    CASE
        WHEN s.n % 10 = 0 THEN jsonb_build_object('tags', jsonb_build_array('vip'), 'source', 'campaign-' || s.n % 7,
            'notes', jsonb_build_array(jsonb_build_object('content', 'Called back', 'author', 'agent@example.com',
                                                          'created_at', '2026-01-01T10:00:00.000000Z')))
        WHEN s.n % 5 = 0 THEN jsonb_build_object('source', 'web-form')
        ELSE '{}'::jsonb
    END,
    s.created_at,
    s.created_at
FROM tenants AS t
CROSS JOIN LATERAL (
    SELECT row_number() OVER () AS k,
           row_number() OVER () + abs(hashtext(t.tenant_id)::bigint) % 1000000 AS n,
           now() - random() * interval '730 days' AS created_at
    FROM generate_series(1, t.leads)
) AS s
JOIN words AS f ON f.kind = 'first' AND f.i = 1 + s.n % 40
JOIN words AS l ON l.kind = 'last' AND l.i = 1 + (s.n / 40) % 34
JOIN words AS c ON c.kind = 'company' AND c.i = 1 + (s.n / 7) % 20
JOIN words AS d ON d.kind = 'domain' AND d.i = 1 + (s.n / 3) % 10;

CREATE INDEX leads_tenant_search ON leads USING gin (tenant_id, search_text gin_trgm_ops) WITH (fastupdate = off);
ALTER TABLE leads ENABLE TRIGGER leads_counted;
ALTER TABLE leads ENABLE TRIGGER leads_created_event;
DELETE FROM lead_counts;
INSERT INTO lead_counts (tenant_id, status, channel, leads)
SELECT tenant_id, status, channel, count(*) FROM leads GROUP BY tenant_id, status, channel;

VACUUM (ANALYZE) leads;
SELECT count(*) AS leads, count(DISTINCT tenant_id) AS tenants FROM leads;
