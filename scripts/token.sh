#!/usr/bin/env bash
# Mints a development token signed with the development key of appsettings.Development.json
# (or the Auth__* variables, when set):
#   scripts/token.sh --tenant acme --email you@example.com [--sub SUBJECT] [--hours N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}" \
  dotnet run --project src/Empfio.Leads.Api --configuration Release -v quiet -- token "$@"
