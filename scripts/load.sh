#!/usr/bin/env bash
# The reliability load: 32 connections for 60 seconds (LOAD_SECONDS, LOAD_CONNECTIONS to
# change) of mixed reads, searches, creates, metadata PATCHes and notes against the
# Release build in Production on loopback, then a check in the database that every
# acknowledged write is present, nothing that was not sent is, nothing is there twice,
# and no request got a 5xx; and in the event log that every write applied has exactly one
# event, no event exists for a write that was not applied, and a consumer that followed
# the feed during the run saw every event once. Writes the result to docs/reliability.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$repo_root"

seconds=${LOAD_SECONDS:-60}
connections=${LOAD_CONNECTIONS:-32}
pool=500

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
start_private_cluster

work=$(mktemp -d)
database="leads_load_$(date +%s)"
psql_admin() { PGPASSWORD=$(cat "$PG_HOME/password") psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qAt "$@"; }
psql_admin -d postgres -c "CREATE DATABASE $database TEMPLATE template0 ENCODING 'UTF8'"
psql_load() { psql_admin -d "$database" "$@"; }

dotnet build src/Empfio.Leads.Api --configuration Release -v quiet -nologo >/dev/null
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
export ConnectionStrings__Leads="${PG_ADMIN_CONNECTION/Database=postgres/Database=$database};Maximum Pool Size=64"
export Auth__Issuer=load-test Auth__Audience=empfio-leads Auth__SigningKey=load-test-signing-key-of-at-least-32-bytes
(cd src/Empfio.Leads.Api/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Production exec dotnet Empfio.Leads.Api.dll --urls "http://127.0.0.1:$port") \
  > "$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  wait "$service" 2>/dev/null || true
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" || true
  rm -rf "$work"
  if [ "$PG_STARTED_HERE" -eq 1 ]; then stop_private_cluster; fi
}
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.2; done

token=$(cd src/Empfio.Leads.Api/bin/Release/net10.0 && dotnet Empfio.Leads.Api.dll token --tenant load --email load@example.com)
echo "Seeding $pool leads..."
for i in $(seq 1 $pool); do
  curl -sf -X POST "http://127.0.0.1:$port/api/v1/leads" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\":\"Pool lead $i\",\"channel\":\"voice\",\"company\":\"Acme $i\"}"
  echo
done | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' > "$work/ids"
[ "$(wc -l < "$work/ids")" -eq $pool ] || { echo "seeding failed"; exit 1; }

echo "Running wrk: $connections connections, ${seconds}s, and a consumer of the feed..."
mkdir -p "$work/logs"
LOAD_URL="http://127.0.0.1:$port" LOAD_TOKEN=$token LOAD_STOP="$work/feed-stop" \
  node scripts/load/follow.mjs > "$work/feed-ids" &
follower=$!
LOAD_TOKEN=$token LOAD_IDS="$work/ids" LOAD_LOG_DIR="$work/logs" \
  wrk --threads 2 --connections "$connections" --duration "${seconds}s" --timeout 10s --latency \
      --script scripts/load/mix.lua "http://127.0.0.1:$port" | tee "$work/wrk.txt"
sleep 2   # requests in flight when wrk stopped finish (and count as sent, not acknowledged)
psql_load -c "SELECT count(*) FROM lead_events WHERE tenant_id = 'load'" > "$work/feed-stop"
wait "$follower"

cat "$work"/logs/*.log > "$work/all.log"
tokens() { grep "^$1 $2 " "$work/all.log" | cut -d' ' -f3 | sort -u; }
statuses=$(grep '^status ' "$work/all.log" | cut -d' ' -f2 | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')
server_errors=$(grep -c '^status 5' "$work/all.log" || true)

psql_load -c "SELECT name FROM leads WHERE tenant_id = 'load' AND name LIKE 'load-%'" | sort > "$work/db-create-all"
psql_load -c "SELECT k FROM leads, jsonb_object_keys(metadata) AS k WHERE tenant_id = 'load' AND k LIKE 'k\_%'" | sort > "$work/db-key-all"
psql_load -c "SELECT n ->> 'content' FROM leads, jsonb_array_elements(coalesce(metadata -> 'notes', '[]')) AS n WHERE tenant_id = 'load'" | sort > "$work/db-note-all"

report=""
failures=0
for kind in create key note; do
  tokens sent $kind > "$work/sent-$kind"
  tokens ack $kind > "$work/ack-$kind"
  sort -u "$work/db-$kind-all" > "$work/db-$kind"
  duplicated=$(( $(wc -l < "$work/db-$kind-all") - $(wc -l < "$work/db-$kind") ))
  lost=$(comm -23 "$work/ack-$kind" "$work/db-$kind" | wc -l)
  unsent=$(comm -13 "$work/sent-$kind" "$work/db-$kind" | wc -l)
  report+="| ${kind}s | $(wc -l < "$work/sent-$kind") | $(wc -l < "$work/ack-$kind") | $(wc -l < "$work/db-$kind") | $lost | $duplicated | $unsent |"$'\n'
  failures=$((failures + lost + duplicated + unsent))
done
failures=$((failures + server_errors))

# The event log against the writes: one event per applied write (its token in the
# event), none for a write that was not applied, and the feed's consumer saw each once.
psql_load -c "SELECT lead ->> 'name' FROM lead_events WHERE tenant_id = 'load' AND type = 'lead.created' AND lead ->> 'name' LIKE 'load-%'" | sort > "$work/ev-create-all"
psql_load -c "SELECT k FROM lead_events, jsonb_object_keys(changes -> 'metadata' -> 'to') AS k WHERE tenant_id = 'load' AND type = 'lead.updated' AND k LIKE 'k\_%'" | sort > "$work/ev-key-all"
psql_load -c "SELECT changes -> 'note' ->> 'content' FROM lead_events WHERE tenant_id = 'load' AND type = 'lead.note_added'" | sort > "$work/ev-note-all"
event_report=""
for kind in create key note; do
  sort -u "$work/ev-$kind-all" > "$work/ev-$kind"
  twice=$(( $(wc -l < "$work/ev-$kind-all") - $(wc -l < "$work/ev-$kind") ))
  missing=$(comm -23 "$work/db-$kind" "$work/ev-$kind" | wc -l)
  invented=$(comm -13 "$work/db-$kind" "$work/ev-$kind" | wc -l)
  event_report+="| ${kind}s | $(wc -l < "$work/db-$kind") | $(wc -l < "$work/ev-$kind-all") | $missing | $twice | $invented |"$'\n'
  failures=$((failures + missing + twice + invented))
done
psql_load -c "SELECT id FROM lead_events WHERE tenant_id = 'load'" | sort > "$work/ev-ids"
sort "$work/feed-ids" > "$work/feed-ids-sorted"
feed_events=$(wc -l < "$work/feed-ids")
feed_repeated=$(( feed_events - $(sort -u "$work/feed-ids" | wc -l) ))
feed_missed=$(comm -23 "$work/ev-ids" "$work/feed-ids-sorted" | wc -l)
feed_unknown=$(comm -13 "$work/ev-ids" <(sort -u "$work/feed-ids") | wc -l)
failures=$((failures + feed_repeated + feed_missed + feed_unknown))
verdict=$([ "$failures" -eq 0 ] && echo "PASS" || echo "FAIL")

wrk_summary=$(grep -E 'Requests/sec|requests in|Socket errors|Non-2xx|^requests |^latency ' "$work/wrk.txt" | sed 's/^ *//')
cat > docs/reliability.md <<DOC
# Reliability under load

\`scripts/load.sh\` (a fresh database, the Release build in Production on loopback, wrk
from Debian's packages) sends ${seconds} seconds of mixed traffic from ${connections} connections:
35 % get by id, 15 % list pages, 15 % searches, 15 % creates, 10 % metadata PATCHes
(each setting a new key) and 10 % notes, against a pool of ${pool} leads of one tenant.
Every write carries a unique token; afterwards the database is compared with what was
sent and what was acknowledged.

Result of the last run ($(date -u +%Y-%m-%d), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; the same machine runs wrk, the service and PostgreSQL): **${verdict}**

| writes | sent | acknowledged | in the database | acknowledged but missing | duplicated | present but never sent |
|---|---|---|---|---|---|---|
${report}
Responses by status: ${statuses}— 5xx: ${server_errors}.

The event log against the same writes (an event carries the write's token: the created
lead's name, the metadata key in \`changes\`, the note's content):

| writes | applied (in the database) | events | applied but without an event | more than one event | event without an applied write |
|---|---|---|---|---|---|
${event_report}
A consumer followed \`GET /api/v1/events\` from the start of the feed while the load ran
(\`scripts/load/follow.mjs\`, limit 1000, polling every 20 ms when caught up): it read
${feed_events} events; the log holds $(wc -l < "$work/ev-ids"); missed ${feed_missed}, read twice
${feed_repeated}, unknown ${feed_unknown}.

\`\`\`
${wrk_summary}
\`\`\`

"Sent" includes requests still in flight when wrk stopped; they may or may not have been
applied, so they are allowed in the database but not required. "Acknowledged" is every
token a 200/201 response showed as committed.

Reproduce: \`scripts/load.sh\` (\`LOAD_SECONDS\` and \`LOAD_CONNECTIONS\` change the run).
DOC
cat docs/reliability.md
[ "$failures" -eq 0 ]
