#!/usr/bin/env bash
# Fuzz gemini_contract.validate with atheris for a bounded time (default 60 s, seed preparation included).
# Usage: fuzz/run.sh [SECONDS]     CI: fuzz/run.sh 60     by hand: fuzz/run.sh 3600
# Crashes are written to fuzz/regressions/ (commit them: the test suite replays every file there).
# Exit status: 0 no crash, non-zero a crash (libFuzzer's status), 2 usage.
set -euo pipefail
cd "$(dirname "$0")/.."
BUDGET="${1:-60}"
case "$BUDGET" in '' | *[!0-9]*) echo "usage: fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
WORK=fuzz/_corpus
START=$(date +%s)
rm -rf "$WORK/seeds"
mkdir -p "$WORK/seeds" "$WORK/work" fuzz/regressions
"$PY" fuzz/make_seeds.py "$WORK/seeds" "$WORK/json.dict"
# libFuzzer needs a few seconds beyond -max_total_time (instrumented imports, the final stats).
LEFT=$(( BUDGET - ($(date +%s) - START) - 8 ))
[ "$LEFT" -ge 5 ] || LEFT=5
exec "$PY" fuzz/fuzz_validate.py -max_total_time="$LEFT" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict="$WORK/json.dict" -artifact_prefix=fuzz/regressions/ -print_final_stats=1 "$WORK/work" "$WORK/seeds"
