#!/usr/bin/env bash
# Runs every test: makes sure PostgreSQL is installed and the private cluster runs,
# then `dotnet test` on the solution. The tests create (and drop) their own databases.
# Extra arguments go to the test runner (e.g. --filter-class "*ListLeadsTests").
#
#   scripts/test.sh --fast   the fast tier: every test but those marked Tier=Full (processes,
#                            Node tools, large seeds), and no npm install; under a minute.
set -euo pipefail
fast=0
if [ "${1:-}" = "--fast" ]; then fast=1; shift; fi
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"

start_private_cluster
# Leave the machine as found: stop the cluster if this run started it.
[ "$PG_STARTED_HERE" -eq 1 ] && trap stop_private_cluster EXIT
export LEADS_TEST_ADMIN_CONNECTION="$PG_ADMIN_CONNECTION"

cd "$repo_root"
tier=()
if [ "$fast" -eq 1 ]; then
  tier=(--filter-not-trait "Tier=Full")
else
  # The contract checks use npm tools pinned in tests/typescript (Spectral, openapi-typescript, tsc).
  if ! command -v npm >/dev/null; then
    echo "npm is not installed: installing Debian's nodejs and npm packages..." >&2
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2
  fi
  (cd tests/typescript && npm ci --no-audit --no-fund --loglevel=error)
  # The official TypeScript client package (built and packed by the tests).
  (cd clients/typescript && npm ci --no-audit --no-fund --loglevel=error)
fi
# The .NET tools the build runs (Kiota generates a client from the contract), pinned in dotnet-tools.json.
dotnet tool restore

rm -rf TestResults
dotnet test --solution Empfio.Leads.sln --configuration Release \
  --report-xunit-trx --report-xunit-trx-filename tests.trx \
  --results-directory TestResults ${tier[@]+"${tier[@]}"} "$@"
