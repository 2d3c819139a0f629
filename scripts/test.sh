#!/usr/bin/env bash
# Set up a virtualenv from this repo's own files and run every check CI runs:
# ruff, mypy --strict, and the pytest suite. Usage: scripts/test.sh [pytest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
# editable_mode=strict installs a link tree (build/__editable__.*) instead of an import hook, so mypy
# can follow the remapped folders (schema/, codegen/, generated/, validator/) as gemini_contract.*.
"$VENV/bin/python" -m pip install --quiet -e ".[dev]" -c constraints.txt --config-settings editable_mode=strict
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$VENV/bin/mypy" -p gemini_contract
# A bounded fuzz run of validate(bytes) (crashes land in fuzz/regressions/, which pytest replays).
# FUZZ_SECONDS=0 skips it for a quick local run.
if [ "${FUZZ_SECONDS:-45}" -gt 0 ]; then
  fuzz/run.sh "${FUZZ_SECONDS:-45}" > /tmp/gemini-contract-fuzz.log 2>&1 || { tail -40 /tmp/gemini-contract-fuzz.log; exit 1; }
  grep -E "^(#[0-9]+: )?stat::number_of_executed_units|Done [0-9]+ runs" /tmp/gemini-contract-fuzz.log | tail -1 || true
fi
# pytest exits 5 when it collected no test: that is a failure here, as is any other non-zero code.
"$VENV/bin/python" -m pytest -n 2 -q "$@"
# The speed figures as ratios to their floors, against generous ceilings (bench/guard.json); ~30 s.
# BENCH_GUARD=0 skips it for a quick local run.
if [ "${BENCH_GUARD:-1}" != 0 ]; then
  "$VENV/bin/python" bench/guard.py
fi
