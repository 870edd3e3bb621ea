#!/usr/bin/env bash
# Runs the service on http://localhost:5080 for development.
# Without ConnectionStrings__Leads it installs PostgreSQL if missing, starts the private
# cluster and uses its `leads_dev` database. Prints a token and a curl example.
# Ctrl-C stops the service and the cluster this script started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$repo_root"

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
if [ -z "${ConnectionStrings__Leads:-}" ]; then
  start_private_cluster
  [ "$PG_STARTED_HERE" -eq 1 ] && trap stop_private_cluster EXIT
  if ! PGPASSWORD=$(cat "$PG_HOME/password") psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = 'leads_dev'" | grep -q 1; then
    PGPASSWORD=$(cat "$PG_HOME/password") psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc \
      "CREATE DATABASE leads_dev TEMPLATE template0 ENCODING 'UTF8'"
  fi
  export ConnectionStrings__Leads="${PG_ADMIN_CONNECTION/Database=postgres/Database=leads_dev}"
fi

dotnet build src/Empfio.Leads.Api --configuration Release -v quiet -nologo
# Run from the build output, where appsettings*.json are: it is the content root.
cd src/Empfio.Leads.Api/bin/Release/net10.0
token=$(dotnet Empfio.Leads.Api.dll token --tenant demo --email dev@example.com)

cat <<INFO

Empfio Leads API on http://localhost:5080  (OpenAPI: /openapi/v1.json, UI: /docs)
A token for tenant 'demo' (dev@example.com), valid 12 hours:

  export TOKEN=$token

Try:
  curl -s -X POST http://localhost:5080/api/v1/leads -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' -d '{"name": "Jane Smith", "channel": "web", "phone": "+49 30 1234567"}'
  curl -s http://localhost:5080/api/v1/leads -H "Authorization: Bearer \$TOKEN"

Ctrl-C stops it.
INFO

dotnet Empfio.Leads.Api.dll --urls http://localhost:5080
