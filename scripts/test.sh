#!/usr/bin/env bash
# `npm test`: everything CI checks, in order. Type-check (webpack's SWC loader checks no
# types), lint, production build (later tests inspect dist/), jest, then the browser tests.
# Installs Debian's Chromium first when it is missing (root on Debian/Ubuntu); no browser is
# ever downloaded by an npm package.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-chromium.sh

echo "== type-check"; npx tsc --noEmit -p .
echo "== lint"; npx eslint .
echo "== company dataset"; npx tsx scripts/validate-companies.ts
echo "== build (validates the deal dataset first)"; npx tsx scripts/validate-deals.ts && npx webpack --mode production --no-stats
echo "== unit and integration tests"; npx jest --ci
if [ -f test/e2e/run.ts ]; then
  echo "== browser end-to-end tests"; npx tsx test/e2e/run.ts
fi
