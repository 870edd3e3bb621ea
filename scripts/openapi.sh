#!/usr/bin/env bash
# Refreshes the committed OpenAPI contract (openapi/leads-api.v1.json) from the code:
# builds and starts the service (no database needed for the document), fetches
# /openapi/v1.json and writes it pretty-printed. Review and commit the diff.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

dotnet build src/Empfio.Leads.Api --configuration Release -v quiet -nologo >/dev/null
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
(
  cd src/Empfio.Leads.Api/bin/Release/net10.0
  ConnectionStrings__Leads="Host=127.0.0.1;Database=unused" Database__MigrateOnStartup=false \
    ASPNETCORE_ENVIRONMENT=Development exec dotnet Empfio.Leads.Api.dll --urls "http://127.0.0.1:$port"
) >/dev/null 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o openapi/leads-api.v1.json.new; then break; fi
  sleep 0.2
done
node -e 'const fs=require("fs");const f=process.argv[1];fs.writeFileSync(f,JSON.stringify(JSON.parse(fs.readFileSync(f+".new","utf8")),null,2)+"\n");fs.unlinkSync(f+".new")' \
  openapi/leads-api.v1.json
git --no-pager diff --stat -- openapi/
