#!/usr/bin/env bash
# The benchmark, in one command: bench/run.sh
# A fresh database with the migrations and 1,000,000 seeded leads; the Release build in
# Production; each scenario driven by wrk against the API, and pgbench running the
# handler's own SQL at the same concurrency; the tables go to docs/benchmark-results.md
# (the analysis, written by hand, is docs/benchmarks.md). Events: 1,000,000 seeded for
# the feed at 1M events, then 9,000,000 more, so every other scenario runs with 10M.
#   BENCH_SECONDS (default 15) per run, BENCH_CONNECTIONS (default 16), BENCH_POOL (the
#   service's Maximum Pool Size, default 6: sized to this 2-core database, see the doc).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/postgres.sh"
cd "$repo_root"

seconds=${BENCH_SECONDS:-15}
connections=${BENCH_CONNECTIONS:-16}
pool=${BENCH_POOL:-6}
database=leads_bench

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
start_private_cluster
work=$(mktemp -d)

# pgbench's scripts: bench/sql/*.sql, the handlers' statements with the benchmark's values;
# list.sql and search.sql are templates whose {{NAME}}s are filled in per scenario.
fill() { # TEMPLATE SCENARIO NAME=VALUE...
  local text out=$2 pair
  text=$(<"bench/sql/$1.sql")
  shift 2
  for pair in "$@"; do text=${text//"{{${pair%%=*}}}"/"${pair#*=}"}; done
  printf '%s\n' "$text" > "$work/sql/$out.sql"
}
mkdir "$work/sql"
cp bench/sql/{get_by_id,create,patch,note}.sql "$work/sql/"
fill list list_page1 STATUS=NULL OFFSET=0
fill list list_status "STATUS='booked'" OFFSET=0
fill list list_page500 STATUS=NULL OFFSET=9980
fill search search_rare "MATCH=search_text LIKE '%' || fold_case('zyxw') || '%'"
fill search search_common "MATCH=search_text LIKE '%' || fold_case('anna') || '%'"
fill search search_short "MATCH=strpos(search_text, fold_case('mü')) > 0"
# For the plan-mode table: the values as bound parameters, as Npgsql sends them (-D).
fill list list_status_parameterized STATUS=:status OFFSET=0
fill search search_rare_parameterized "MATCH=search_text LIKE '%' || fold_case(:term) || '%'"
# The previous run's write rows (before this run replaces them): the comparison of writes
# with the event log against the run before it.
previous_results=docs/benchmark-results.md
[ -f "$previous_results" ] || previous_results=docs/benchmarks.md
previous_row() { awk -F'|' -v s="$1" '$2 == " " s " " && $3 == " 16 " { gsub(/ /, "", $4); gsub(/ /, "", $8); print $4 "|" $8; exit }' "$previous_results"; }
previous_create=$(previous_row create); previous_patch=$(previous_row patch); previous_note=$(previous_row note)
psql_bench() { PGPASSWORD=$(cat "$PG_HOME/password") psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
pgbench_bench() { PGPASSWORD=$(cat "$PG_HOME/password") "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }

echo "== database: fresh, migrated, seeded"
psql_bench -d postgres -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database TEMPLATE template0 ENCODING 'UTF8'"
dotnet build src/Empfio.Leads.Api --configuration Release -v quiet -nologo >/dev/null
app=src/Empfio.Leads.Api/bin/Release/net10.0
export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Leads="${PG_ADMIN_CONNECTION/Database=postgres/Database=$database};Maximum Pool Size=$pool"
export Auth__Issuer=bench Auth__Audience=empfio-leads Auth__SigningKey=bench-signing-key-of-at-least-32-bytes
# The service's own retention round must not run in the middle of a scenario: the seeded
# old events are removed at the end, by the same code, measured.
export Events__RetentionDays=3650
(cd "$app" && dotnet Empfio.Leads.Api.dll migrate >/dev/null)
seed_started=$(date +%s.%N)
psql_bench -d "$database" -f bench/seed.sql >/dev/null
seed_seconds=$(awk -v a="$seed_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
# The big tenant's ids, as seed.sql makes them; pgbench computes the same ones.
psql_bench -d "$database" -c "COPY (SELECT md5('tenant-big/' || k)::uuid FROM generate_series(1, 300000) AS k) TO STDOUT" > "$work/ids"
# Events: 1,000,000 (one per lead, 100 days old: the retention measurement removes them).
seed_events() { # PER-LEAD AGE-DAYS
  local started
  started=$(date +%s.%N)
  psql_bench -d "$database" -v per_lead="$1" -v age_days="$2" -f bench/seed_events.sql >/dev/null
  awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }'
}
# The feed's cursors: (the seed's transaction, a random position among the big tenant's
# events); pgbench draws from the same range.
feed_positions() {
  local txid min max
  txid=$(psql_bench -d "$database" -c "SELECT max(txid) FROM lead_events WHERE tenant_id = 'tenant-big'")
  read -r min max < <(psql_bench -d "$database" -F' ' -c "SELECT min(position), max(position) - 200 FROM lead_events WHERE tenant_id = 'tenant-big' AND txid = $txid")
  fill events_page events_page TXID="$txid" MINPOS="$min" MAXPOS="$max"
  psql_bench -d "$database" -c "COPY (SELECT translate(encode(int8send($txid::bigint) || int8send(p), 'base64'), '+/=', '-_')
      FROM (SELECT ($min + floor(random() * ($max - $min)))::bigint AS p FROM generate_series(1, 100000)) AS s) TO STDOUT" > "$work/cursors"
}
events_seed_1m_seconds=$(seed_events 1 100)
feed_positions
leads=$(psql_bench -d "$database" -c "SELECT count(*) FROM leads")
table_size=$(psql_bench -d "$database" -c "SELECT pg_size_pretty(pg_total_relation_size('leads'))")
search_index_size=$(psql_bench -d "$database" -c "SELECT pg_size_pretty(pg_relation_size('leads_tenant_search'))")

echo "== service: Release, Production"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
launched=$(date +%s.%N)
(cd "$app" && exec dotnet Empfio.Leads.Api.dll --urls "http://127.0.0.1:$port") > "$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null || true
  wait "$service" 2>/dev/null || true
  rm -rf "$work"
  if [ "$PG_STARTED_HERE" -eq 1 ]; then stop_private_cluster; fi
}
trap cleanup EXIT
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.02; done
startup_seconds=$(awk -v a="$launched" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }')
token=$(cd "$app" && dotnet Empfio.Leads.Api.dll token --tenant tenant-big --email bench@example.com)
wrk_run() { # SCENARIO CONNECTIONS SECONDS [wrk options...]
  local scenario=$1 clients=$2 duration=$3; shift 3
  BENCH_SCENARIO=$scenario BENCH_TOKEN=$token BENCH_IDS="$work/ids" BENCH_CURSORS="$work/cursors" \
    wrk --threads 2 --connections "$clients" --duration "${duration}s" --script bench/wrk.lua "$@" "http://127.0.0.1:$port"
}
# The JIT compiles the hot paths in tiers (instrumented, then optimized) over the first
# 20-30 s of load on this machine: warm every path before anything is measured, or the
# first scenarios pay for it (get by id measured at half its speed).
echo "== warm-up"
for scenario in get_by_id list_page1 list_status search_rare events_page; do wrk_run "$scenario" "$connections" 8 >/dev/null; done
for scenario in create patch note; do wrk_run "$scenario" "$connections" 4 >/dev/null; done
# The warm-up's writes went into the table: settle it, as a quiet hour would.
psql_bench -d "$database" -c "VACUUM (ANALYZE) leads" >/dev/null

# wrk --latency prints "50%  1.23ms"; in milliseconds.
wrk_ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 } printf "%.1f", v }' "$2"; }
# pgbench -l logs one line per transaction, latency in microseconds in field 3.
pg_ms() { cat "$2"* | awk '{ print $3 }' | sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.1f", a[i] / 1000 }'; }

rows=""
page1_rps=0
service_cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$service/stat"; }
# run SCENARIO CONNECTIONS TARGET-TEXT MIN-RATIO MAX-P99-MS (0: none) [LABEL]
run() {
  local scenario=$1 clients=$2 target=$3 min_ratio=$4 max_p99=$5 label=${6:-$1}
  echo "== $scenario at $clients connections"
  curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null
  # Warm-up of both sides (pools, caches), not measured.
  wrk_run "$scenario" "$clients" 3 >/dev/null
  (cd "$work" && pgbench_bench -n -M extended -c "$clients" -j 2 -T 3 -f "$work/sql/$scenario.sql" "$database" >/dev/null 2>&1)
  local cpu_before cpu_after
  cpu_before=$(service_cpu_ticks)
  wrk_run "$scenario" "$clients" "$seconds" --latency --timeout 10s > "$work/wrk-$scenario-$clients.txt"
  cpu_after=$(service_cpu_ticks)
  local api_rps api_p50 api_p99 non2xx
  api_rps=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' "$work/wrk-$scenario-$clients.txt")
  api_p50=$(wrk_ms 50% "$work/wrk-$scenario-$clients.txt")
  api_p99=$(wrk_ms 99% "$work/wrk-$scenario-$clients.txt")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/wrk-$scenario-$clients.txt")
  # The service's own CPU time (user + system) per request, in microseconds.
  local api_cpu
  api_cpu=$(awk -v a="$cpu_before" -v b="$cpu_after" -v hz="$(getconf CLK_TCK)" '/requests in/ { printf "%.0f", (b - a) / hz * 1e6 / $1 }' "$work/wrk-$scenario-$clients.txt")
  rm -f "$work"/pgbench_log*
  (cd "$work" && pgbench_bench -n -M extended -c "$clients" -j 2 -T "$seconds" -l --log-prefix=pgbench_log \
      -f "$work/sql/$scenario.sql" "$database" > "$work/pgbench-$scenario-$clients.txt" 2>&1)
  local pg_tps pg_p50 pg_p99 ratio
  pg_tps=$(awk '/^tps = / { printf "%.0f", $3 }' "$work/pgbench-$scenario-$clients.txt")
  pg_p50=$(pg_ms 50 "$work/pgbench_log")
  pg_p99=$(pg_ms 99 "$work/pgbench_log")
  ratio=$(awk -v a="$api_rps" -v b="$pg_tps" 'BEGIN { printf "%.2f", a / b }')
  [ "$scenario" = list_page1 ] && page1_rps=$api_rps
  local verdict
  verdict=$(awk -v r="$ratio" -v min="$min_ratio" -v p="$api_p99" -v max="$max_p99" -v s="$scenario" -v rps="$api_rps" -v p1="$page1_rps" 'BEGIN {
      out = ""
      if (s == "list_page500") { slower = p1 / rps; if (slower > 3) out = sprintf("missed: %.1f× slower than page 1", slower); else out = sprintf("met (%.1f× page 1)", slower) }
      else {
        if (min > 0 && r < min) out = sprintf("missed: ratio %.2f < %.2f", r, min)
        if (max > 0 && p > max) out = out (out == "" ? "missed: " : "; ") sprintf("p99 %.0f > %.0f ms", p, max)
        if (out == "") out = "met"
      }
      print out }')
  rows+="| $label | $clients | $api_rps | $api_p50 | $api_p99 | $api_cpu | $pg_tps | $pg_p50 | $pg_p99 | **$ratio** | $target | $verdict |${non2xx:+ $non2xx non-2xx}"$'\n'
}

run events_page "$connections" "≥ 0.5, p99 < 50 ms" 0.5 50 "events_page (1M events)"
events_1m=$(psql_bench -d "$database" -c "SELECT count(*) FROM lead_events")
# 9,000,000 more events (current ones): every scenario from here runs with 10M events.
kill "$service"; wait "$service" 2>/dev/null || true
events_seed_9m_seconds=$(seed_events 9 0)
feed_positions
(cd "$app" && exec dotnet Empfio.Leads.Api.dll --urls "http://127.0.0.1:$port") > "$work/service.log" 2>&1 &
service=$!
until curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null; do sleep 0.02; done
for scenario in get_by_id list_page1 events_page; do wrk_run "$scenario" "$connections" 8 >/dev/null; done
for scenario in create patch note; do wrk_run "$scenario" "$connections" 4 >/dev/null; done
events_10m=$(psql_bench -d "$database" -c "SELECT count(*) FROM lead_events")
events_size=$(psql_bench -d "$database" -c "SELECT pg_size_pretty(pg_total_relation_size('lead_events'))")
run events_page "$connections" "≥ 0.5, p99 < 50 ms" 0.5 50 "events_page (10M events)"
run get_by_id "$connections" "≥ 0.35" 0.35 0
run list_page1 "$connections" "≥ 0.5, p99 < 50 ms" 0.5 50
run list_status "$connections" "≥ 0.5, p99 < 50 ms" 0.5 50
run list_page500 "$connections" "≤ 3× page 1" 0 0
run search_rare "$connections" "≥ 0.8" 0.8 0
run search_common "$connections" "≥ 0.8" 0.8 0
run search_short "$connections" "≥ 0.8" 0.8 0
run search_rare 4 "p99 < 150 ms" 0 150
run search_common 4 "p99 < 150 ms" 0 150
run search_short 4 "p99 < 500 ms" 0 500
# Plan mode: statements prepared with their values as bound parameters, as Npgsql's
# auto-prepare would send them. PostgreSQL's own choice (auto), forced custom plans, and
# forced generic plans; pgbench only, 4 connections.
plan_rows=""
for script in list_status_parameterized search_rare_parameterized; do
  for mode in auto force_custom_plan force_generic_plan; do
    echo "== $script prepared, plan_cache_mode=$mode"
    (cd "$work" && PGOPTIONS="-c plan_cache_mode=$mode" pgbench_bench -n -M prepared -c 4 -j 2 -T "$seconds" \
        -D status=booked -D term=zyxw -f "$work/sql/$script.sql" "$database" > "$work/plan-$script-$mode.txt" 2>&1)
    plan_rows+="| ${script%_parameterized} | $mode | $(awk '/^tps = / { printf "%.0f", $3 }' "$work/plan-$script-$mode.txt") | $(awk '/latency average/ { print $4 }' "$work/plan-$script-$mode.txt") |"$'\n'
  done
done

run create "$connections" "≥ 0.5" 0.5 0
run patch "$connections" "≥ 0.5" 0.5 0
run note "$connections" "≥ 0.5" 0.5 0
# The same writes without the event log, in this run: the triggers that write events off
# (for the service and pgbench alike), then on again.
psql_bench -d "$database" -c "ALTER TABLE leads DISABLE TRIGGER leads_created_event" -c "ALTER TABLE leads DISABLE TRIGGER leads_changed_event" >/dev/null
run create "$connections" "" 0 0 "create, no event log"
run patch "$connections" "" 0 0 "patch, no event log"
run note "$connections" "" 0 0 "note, no event log"
psql_bench -d "$database" -c "ALTER TABLE leads ENABLE TRIGGER leads_created_event" -c "ALTER TABLE leads ENABLE TRIGGER leads_changed_event" >/dev/null

peak_rss_mb=$(awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$service/status")

# Retention, by the service's own code: the 1,000,000 events seeded 100 days old are each
# tenant's oldest, removed 1,000 per statement while nothing else runs.
expired=$(psql_bench -d "$database" -c "SELECT count(*) FROM lead_events WHERE occurred_at < now() - interval '90 days'")
retention_line=$(cd "$app" && Events__RetentionDays=90 dotnet Empfio.Leads.Api.dll remove-expired-events)
retention_seconds=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$retention_line")
retention_rate=$(awk -v n="$expired" -v s="$retention_seconds" 'BEGIN { printf "%.0f", n / s }')

# Writes with the event log (this run) against the run before it (without, until it had one).
column() { awk -F'|' -v s="$1" -v c="$2" '$2 == " " s " " { gsub(/ /, "", $c); print $c; exit }' <<<"$rows"; }
write_row() { # SCENARIO PREVIOUS(api|pgbench)
  echo "| $1 | $(column "$1" 4) | $(column "$1, no event log" 4) | ${2%%|*} | $(column "$1" 8) | $(column "$1, no event log" 8) | ${2##*|} |"
}
write_rows="$(write_row create "$previous_create")
$(write_row patch "$previous_patch")
$(write_row note "$previous_note")"
cpu=$(awk -F: '/model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//')

cat > docs/benchmark-results.md <<DOC
# Benchmark results

Generated by \`bench/run.sh\` (do not edit; the analysis is [benchmarks.md](benchmarks.md)).

Run of $(date -u +%Y-%m-%d): $(nproc) cores ($cpu), $(free -g | awk '/Mem:/ {print $2}') GiB, PostgreSQL $(psql_bench -d postgres -c "SHOW server_version" | cut -d' ' -f1)
(default settings, shared_buffers $(psql_bench -d postgres -c "SHOW shared_buffers")), .NET $(dotnet --version), ${seconds} s per run,
\`BENCH_CONNECTIONS=${connections}\`, \`BENCH_POOL=${pool}\`.
Data: ${leads} leads in 3,511 tenants, seeded in ${seed_seconds} s; table with indexes ${table_size},
trigram index ${search_index_size}. Events: ${events_1m} (seeded in ${events_seed_1m_seconds} s) for the first
feed row, then ${events_10m} (9M more in ${events_seed_9m_seconds} s; table with indexes ${events_size}) for every other row.

| scenario | connections | API req/s | API p50 ms | API p99 ms | API CPU µs/req | pgbench tps | pgbench p50 ms | pgbench p99 ms | API / pgbench | target | |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows}
Writes with the event log (each write's event written by the trigger, for the API and
pgbench alike), without it in this run (the triggers off), and the previous run's table
(before the event log, or not: see its own header; another machine, maybe):

| scenario | API req/s | API req/s, no event log | API req/s, previous run | pgbench tps | pgbench tps, no event log | pgbench tps, previous run |
|---|---|---|---|---|---|---|
${write_rows}

Retention: ${expired} expired events removed by \`remove-expired-events\` (the service's
\`EventRetention\`) in ${retention_seconds} s: ${retention_rate} events/s.

Plan mode, pgbench only, 4 connections:

| statement | plan_cache_mode | tps | latency average ms |
|---|---|---|---|
${plan_rows}
Service: start to ready ${startup_seconds} s; peak resident memory ${peak_rss_mb} MB over all runs.
DOC
cat docs/benchmark-results.md
