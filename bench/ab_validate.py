"""A/B of in-process `validate()` between installs (e.g. a release and this checkout), in one run.

Usage: .venv/bin/python bench/ab_validate.py OLD_PYTHON NEW_PYTHON [--rounds 7]
  where each PYTHON is the interpreter of a venv with the package installed (non-editable, as ab_lint.py's).

Two installs of one package cannot share a process, so each round starts one child per install, alternating,
and each child times validate(bytes) on every body (bench_validator.py's bodies, indented by two spaces as
people write them) in calibrated batches; the table shows the median over rounds per body and the ratio
NEW/OLD (whole lint commands and the JSONL batch: ab_lint.py). Same bytes, same options, same machine load on both
sides (alternation), so the ratio is what the change did.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent

_CHILD = """
import json, sys
sys.path.insert(0, {bench!r})
from timing import per_call
from gemini_contract import validate
cases = json.loads(open({cases!r}, encoding="utf-8").read())
# A case named "... as a dict" is validated parsed, as a caller holding the request passes it.
inputs = {{name: json.loads(text) if name.endswith("as a dict") else text.encode() for name, text in cases.items()}}
for _ in range(2):  # the contract's quiet validators turn on after its first documents
    for data in inputs.values():
        for _ in range(40):
            validate(data)
print(json.dumps({{name: per_call(lambda d=data: validate(d), budget=0.3) for name, data in inputs.items()}}))
"""


def _cases() -> dict[str, str]:
    sys.path.insert(0, str(HERE))
    from bodies import body, dumps, five_error_body, invalid_body

    corpus = HERE.parent / "tests" / "fixtures" / "corpus" / "valid"
    return {
        "valid 1 KB": dumps(body(1_000)).decode(),
        "valid 10 KB": dumps(body(10_000)).decode(),
        # As the google-genai SDK sends it (json.dumps, default separators), and as a parsed dict.
        "valid 10 KB, SDK-serialized": json.dumps(body(10_000)),
        "valid 10 KB as a dict": dumps(body(10_000)).decode(),
        "valid 200 KB": dumps(body(200_000)).decode(),
        "invalid 10 KB": dumps(invalid_body(10_000)).decode(),
        "five errors 10 KB": dumps(five_error_body(10_000)).decode(),
        # Real bodies off the slower paths: a conversation with function calls (agent traffic), the same
        # with a finding (GC327), an integral float in an integer field (GC105).
        "function calls (example)": (HERE.parent / "examples" / "function_calling.json").read_text("utf-8"),
        "function calls, GC327": (corpus / "cookbook-Function_calling_REST-c15.json").read_text("utf-8"),
        "integral topK, GC105": (corpus / "sdk-text-sampling-params.json").read_text("utf-8"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    cases = _cases()
    times: dict[str, dict[str, list[float]]] = {"old": {}, "new": {}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases.json"
        path.write_text(json.dumps(cases), encoding="utf-8")
        child = _CHILD.format(bench=str(HERE), cases=str(path))
        for _ in range(args.rounds):
            for side in ("old", "new"):
                out = subprocess.run(
                    [getattr(args, side), "-c", child], check=True, capture_output=True, text=True
                ).stdout
                for name, seconds in json.loads(out).items():
                    times[side].setdefault(name, []).append(seconds)
    print("| body | old validate() | new validate() | new/old |")
    print("|---|---:|---:|---:|")
    for name in cases:
        old, new = (statistics.median(times[side][name]) for side in ("old", "new"))
        print(f"| {name} | {old * 1e6:.1f} µs | {new * 1e6:.1f} µs | {new / old:.2f} |")
    print(json.dumps({"rounds": args.rounds}))


if __name__ == "__main__":
    main()
