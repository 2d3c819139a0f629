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
    # The validator's vocabulary (lint --profile); "canonical" is the old spelling of "strict".
    type=click.Choice(["strict", "google", "canonical"]),
    default="strict",
    show_default=True,
    help="strict: canonical JSON; google: the ProtoJSON spellings only the google profile accepts "
    "(valid bodies only). canonical: alias of strict.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="MUTATOR",
    help="With --invalid: draw only these mutators (repeat the option, or separate with commas).",
)
@click.option(
    "--severity",
    type=click.Choice(["error", "warning", "info"]),
    default="error",
    show_default=True,
    help="With --invalid: the lowest severity of the expected finding (error: bodies the API rejects).",
)
@click.option(
    "--unspecified", is_flag=True, help="Allow *_UNSPECIFIED enum values (a client would omit the field)."
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
    ctx: click.Context,
    /,
    *,
    count: int,
    seed_value: int,
    invalid: bool,
    profile: str,
    only: tuple[str, ...],
    severity: str,
    unspecified: bool,
    out_dir: Path | None,
) -> None:
    """Write example GenerateContentRequest bodies drawn from the contract.

    Bodies read like a client's: a user turn first, roles alternating, time offsets in order. With
    --invalid, every body breaks exactly one rule; its sidecar NAME.expect.json holds the rule id, the JSON
    pointer where a validator must report it, and the finding's severity.
    """
    if not 1 <= count <= MAX_N:
        raise InputError(f"-n must be between 1 and {MAX_N}, not {count}")
    profile = "strict" if profile == "canonical" else profile
    if invalid and profile != "strict":
        raise InputError("--invalid writes canonical bodies only (pointers are canonical); drop --profile")
    names = tuple(name.strip() for option in only for name in option.split(",") if name.strip())
    if names and not invalid:
        raise InputError("--only picks mutators: use it with --invalid")
    records = _draw(count, seed_value, profile, unspecified, (names or None, severity) if invalid else None)
    if out_dir is None:
        for body, expect in records:
            line = {"body": body, "expect": expect} if invalid else body
            click.echo(json.dumps(line, ensure_ascii=False))
    else:
        for path in _write(out_dir, records, invalid):
            click.echo(str(path))
    ctx.exit(ExitCode.OK)


Record = tuple[dict[str, Any], dict[str, str] | None]


def _draw(
    count: int,
    seed_value: int,
    profile: str,
    unspecified: bool,
    invalid: tuple[tuple[str, ...] | None, str] | None,
) -> list[Record]:
    from gemini_contract.strategies import mutations, requests
    from gemini_contract.strategies.sampling import draw_examples

    if invalid is not None:
        only, severity = invalid
        valid = requests(plausible=True, unspecified=unspecified)
        try:
            strategy = mutations(valid, only=only, severity=severity)
        except ValueError as exc:
            raise InputError(str(exc)) from None
        pairs = draw_examples(strategy, count, seed_value, key=lambda p: json.dumps(p[0], sort_keys=True))
        return [(body, expectation.to_dict()) for body, expectation in pairs]
    bodies = requests(profile, plausible=True, unspecified=unspecified)
    return [(body, None) for body in draw_examples(bodies, count, seed_value)]


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
            _dump(out_dir / f"{stem}.expect.json", expect)
    return written


def _dump(path: Path, value: Any) -> None:
    try:
        path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror})") from exc
