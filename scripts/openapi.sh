#!/usr/bin/env bash
# Refreshes the committed OpenAPI contract (openapi/leads-api.v1.json) from the running
# code: runs the contract test in its update mode. Review and commit the diff.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
UPDATE_OPENAPI_DOCUMENT=1 bash scripts/test.sh --filter-method "*ServedDocument_IsTheCommittedContract"
git --no-pager diff --stat -- openapi/
