"""Codegen speed, in one run: `generate`/`check` against datamodel-code-generator, and the generated models'
from_dict + to_dict round trip against pydantic v2, msgspec and dacite on the same bodies.

Usage: .venv/bin/python bench/bench_codegen.py  (writes bench/results/codegen.md)

- CLI wall time (median of several runs, each a fresh process, as a build step runs them):
  `gemini-contract generate --out DIR` and `gemini-contract check --out DIR` on the bundled schema, against
  `datamodel-codegen --output-model-type dataclasses.dataclass --disable-timestamp` on the same schema.
- Round trip of one body, per call: ours `GenerateContentRequest.from_dict(d).to_dict()`; pydantic v2
  `model_validate(d)` + `model_dump(by_alias=True, exclude_none=True)` on datamodel-code-generator's pydantic
  models (our `--flavor pydantic` options); msgspec `convert` + `to_builtins` on its msgspec models; dacite
  `from_dict` + `dataclasses.asdict` (None fields dropped) on its dataclasses.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dacite
import msgspec

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "_work" / "codegen"
sys.path.insert(0, str(HERE))
from bodies import body  # noqa: E402
from gemini_contract.codegen import dcg  # noqa: E402
from gemini_contract.generated import models  # noqa: E402
from gemini_contract.schema import load_schema, schema_path  # noqa: E402
from timing import per_call  # noqa: E402

BIN = Path(sys.executable).parent
SIZES = {"small (~1 KB)": 1_000, "medium (~10 KB)": 9_000, "large (~200 KB)": 200_000}


def wall(command: list[str], runs: int, before: Callable[[], None] = lambda: None) -> float:
    """Median wall time of a command, a fresh process each run."""
    times = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=REPO)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def load(source: str, name: str) -> types.ModuleType:
    path = WORK / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def without_object_combinators(node: Any) -> Any:
    """The schema minus object-level oneOf/anyOf/allOf: msgspec cannot decode datamodel-code-generator's
    untagged union of Part1..Part10, so its baseline gets one Part struct with the same fields."""
    if isinstance(node, dict):
        keep = {
            k: v for k, v in node.items() if not (k in ("oneOf", "anyOf", "allOf") and "properties" in node)
        }
        return {k: without_object_combinators(v) for k, v in keep.items()}
    if isinstance(node, list):
        return [without_object_combinators(v) for v in node]
    return node


def drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value


def codegen_rows() -> list[str]:
    out = WORK / "generated"
    schema = str(schema_path())
    fresh = lambda: shutil.rmtree(out, ignore_errors=True)  # noqa: E731 - every generate run writes
    generate = wall([str(BIN / "gemini-contract"), "generate", "--out", str(out)], 7, fresh)
    check = wall([str(BIN / "gemini-contract"), "check", "--out", str(out)], 7)
    theirs = wall(
        [str(BIN / "datamodel-codegen"), "--input", schema, "--input-file-type", "jsonschema", "--output-model-type",
         "dataclasses.dataclass", "--disable-timestamp", "--output", str(WORK / "dcg_dataclasses.py")],
        5,
    )  # fmt: skip
    ok = "yes" if max(generate, check) <= 0.3 * theirs else "NO"
    return [
        "## generate / check (CLI wall time, bundled schema, median of fresh processes)",
        "",
        "| command | wall time | ÷ datamodel-codegen |",
        "|---|---:|---:|",
        f"| `gemini-contract generate` | {generate * 1e3:,.0f} ms | {generate / theirs:.2f}x |",
        f"| `gemini-contract check` | {check * 1e3:,.0f} ms | {check / theirs:.2f}x |",
        f"| `datamodel-codegen` (dataclasses) | {theirs * 1e3:,.0f} ms | 1.00x |",
        "",
        f"Acceptance (each at most 0.3x datamodel-codegen): **{ok}**.",
        "",
    ]


def round_trip_rows() -> list[str]:
    schema = load_schema()
    pyd = load(dcg.render_flavor(schema, "pydantic", "# bench"), "bench_dcg_pydantic")
    msg = load(
        dcg.render_flavor(without_object_combinators(schema), "msgspec", "# bench"), "bench_dcg_msgspec"
    )
    dcs = load(dcg.baseline_dataclasses(schema), "bench_dcg_dataclasses")
    dacite_config = dacite.Config(cast=[__import__("enum").Enum])

    lines = [
        "## from_dict + to_dict round trip (per call, median; ratios: their time ÷ ours, above 1 = ours faster)",
        "",
        "| body | bytes | ours | pydantic v2 | msgspec | dacite | pydantic ÷ ours | msgspec ÷ ours | dacite ÷ ours |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    verdict = ""
    for label, size in SIZES.items():
        doc = body(size)
        n = len(json.dumps(doc, separators=(",", ":")))
        assert models.GenerateContentRequest.from_dict(doc).to_dict() == doc
        ours = per_call(lambda doc=doc: models.GenerateContentRequest.from_dict(doc).to_dict())
        pydantic = per_call(
            lambda doc=doc: pyd.GenerateContentRequest.model_validate(doc).model_dump(
                by_alias=True, exclude_none=True
            )
        )
        ms = per_call(
            lambda doc=doc: msgspec.to_builtins(msgspec.convert(doc, type=msg.GenerateContentRequest))
        )
        da = per_call(
            lambda doc=doc: drop_none(
                dataclasses.asdict(dacite.from_dict(dcs.GenerateContentRequest, doc, config=dacite_config))
            ),
            budget=0.3,
        )
        lines.append(
            f"| {label} | {n:,} | {ours * 1e6:,.0f} µs | {pydantic * 1e6:,.0f} µs | {ms * 1e6:,.0f} µs | "
            f"{da * 1e6:,.0f} µs | {pydantic / ours:.2f}x | {ms / ours:.2f}x | {da / ours:.2f}x |"
        )
        if size == SIZES["medium (~10 KB)"]:
            verdict = "yes" if ours <= pydantic else "NO"
    lines += [
        "",
        f"Acceptance (the ~10 KB round trip no slower than pydantic v2): **{verdict}**.",
        "",
        "Notes: ours checks types, ranges, patterns, unknown members and Part's oneof while decoding;",
        "pydantic decodes Part through datamodel-code-generator's 10-branch union (one model per oneOf",
        "branch) and returns enum members (not wire strings) from `model_dump`; msgspec runs without",
        "object-level oneOf/anyOf (it cannot decode that untagged union) and emits None fields as null;",
        "dacite tries union members in order and is followed by `asdict` with None fields dropped.",
        "",
    ]
    return lines


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    lines = [
        "## Codegen",
        "",
        f"Python {sys.version.split()[0]}, one run of `bench/bench_codegen.py`.",
        "",
        *codegen_rows(),
        *round_trip_rows(),
    ]
    text = "\n".join(lines)
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "codegen.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
