#!/usr/bin/env bash
# Regenerates the golden report fixtures from the built binary; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/../fixtures"
node ../bin/dedupe.js --report diff seed-scraped-article.txt > golden/seed.diff
node ../bin/dedupe.js --report json seed-scraped-article.txt > golden/seed.jsonl
node ../bin/dedupe.js --report summary seed-scraped-article.txt > golden/seed-summary.txt
git -C .. diff --stat -- fixtures/golden || true
