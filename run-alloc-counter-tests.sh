#!/usr/bin/env bash
# Entry point for people and CI: runs alloc-counter's runner (harness/cli.ts).
#   ./run-alloc-counter-tests.sh [options] [test files...]     (-h for help)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cli="$here/dist/harness/cli.js"
if [ ! -d "$here/node_modules" ]; then
  echo "alloc-counter: dependencies are not installed: run 'npm ci' in $here" >&2
  exit 2
fi
# Rebuild the harness when its sources are newer than the build (a contributor editing it).
if [ ! -f "$cli" ] || [ -n "$(find "$here/harness" -name '*.ts' ! -name '*.test.ts' -newer "$cli" -print -quit)" ]; then
  (cd "$here" && npx --no-install tsc -p tsconfig.build.json) || {
    echo "alloc-counter: the harness does not compile: fix the errors above, or run 'npm ci' again" >&2
    exit 2
  }
fi
# Tells the runner that the project is this repo (its suite, its baselines.json).
ALLOC_COUNTER_OWN_SCRIPT=1 exec node "$cli" "$@"
