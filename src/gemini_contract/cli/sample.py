"""The `sample` command: write example request bodies (valid, or invalid with their expected finding) as fixtures.

Bodies are drawn by `gemini_contract.strategies`, deterministically for a seed (same seed, same files,
with the same Hypothesis release), so a team can commit them and test clients in any language.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from gemini_contract.cli.main import InputError
from gemini_contract.exit_codes import ExitCode

MAX_N = 10_000


@click.command("sample")
@click.option("-n", "count", type=int, default=10, show_default=True, help="How many bodies to write.")
@click.option("--seed", "seed_value", type=int, default=0, show_default=True, help="Same seed, same bodies.")
@click.option(
    "--invalid", is_flag=True, help="Write invalid bodies, each with its expected rule and pointer."
)
@click.option(
    "--profile",
    type=click.Choice(["canonical", "google"]),
    default="canonical",
    show_default=True,
    help="google: the ProtoJSON spellings the server also accepts (valid bodies only).",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory for one .json file per body (and .expect.json sidecars); default: JSON Lines on stdout.",
)
@click.pass_context
def sample(
    ctx: click.Context, /, *, count: int, seed_value: int, invalid: bool, profile: str, out_dir: Path | None
) -> None:
    """Write example GenerateContentRequest bodies drawn from the contract.

    With --invalid, every body breaks exactly one rule; its sidecar NAME.expect.json holds the rule id and
    the JSON pointer where a validator must report it.
    """
    if not 1 <= count <= MAX_N:
        raise InputError(f"-n must be between 1 and {MAX_N}, not {count}")
    if invalid and profile != "canonical":
        raise InputError("--invalid writes canonical bodies only (pointers are canonical); drop --profile")
    records = _draw(count, seed_value, invalid, profile)
    if out_dir is None:
        for body, expect in records:
            line = {"body": body, "expect": expect} if invalid else body
            click.echo(json.dumps(line, ensure_ascii=False))
    else:
        for path in _write(out_dir, records, invalid):
            click.echo(str(path))
    ctx.exit(ExitCode.OK)


Record = tuple[dict[str, Any], dict[str, str] | None]


def _draw(count: int, seed_value: int, invalid: bool, profile: str) -> list[Record]:
    from gemini_contract.strategies import mutations, requests
    from gemini_contract.strategies.sampling import draw_examples

    if invalid:
        from gemini_contract.validator import RULES_BY_ID, Severity

        # Fixtures called invalid must fail validation: leave out edits that only draw a warning (GC327...).
        rejected = mutations().filter(lambda pair: RULES_BY_ID[pair[1].rule].severity is Severity.ERROR)
        pairs = draw_examples(rejected, count, seed_value, key=lambda p: json.dumps(p[0], sort_keys=True))
        return [(body, expectation.to_dict()) for body, expectation in pairs]
    return [(body, None) for body in draw_examples(requests(profile), count, seed_value)]


def _write(out_dir: Path, records: list[Record], invalid: bool) -> list[Path]:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out_dir}: cannot create the directory ({exc.strerror})") from exc
    written: list[Path] = []
    for i, (body, expect) in enumerate(records, start=1):
        stem = f"invalid-{i:04d}-{expect['mutation']}" if invalid and expect else f"request-{i:04d}"
        path = out_dir / f"{stem}.json"
        _dump(path, body)
        written.append(path)
        if expect is not None:
            _dump(
                out_dir / f"{stem}.expect.json",
                {"rule": expect["rule"], "pointer": expect["pointer"], "mutation": expect["mutation"]},
            )
    return written


def _dump(path: Path, value: Any) -> None:
    try:
        path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from exc
