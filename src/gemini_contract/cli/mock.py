"""The `mock` command: build the mock's configuration from the options and serve it (or, with --upstream,
the validating proxy) until interrupted."""

from __future__ import annotations

from pathlib import Path

import click

from gemini_contract.cli.main import InputError
from gemini_contract.exit_codes import ExitCode


@click.command("mock")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", default=8080, show_default=True, type=click.IntRange(0, 65535), help="0: a free port."
)
@click.option("--seed", default=0, show_default=True, type=int, help="Same seed and request: same answer.")
@click.option("--profile", default="google", show_default=True, type=click.Choice(["google", "strict"]))
@click.option(
    "--model-table",
    default=None,
    metavar="FILE|none",
    help="Model table for /models and unknown-model 404s (default: the bundled table; 'none': any model).",
)
@click.option(
    "--script", "script_path", type=click.Path(dir_okay=False, path_type=Path), help="Scenario file."
)
@click.option(
    "--record", "record_path", type=click.Path(dir_okay=False, path_type=Path), help="JSONL of exchanges."
)
@click.option("--api-key", default=None, help="Accept only this key (default: any key, but one is required).")
@click.option("--no-auth", is_flag=True, help="Accept requests without an API key.")
@click.option(
    "--max-bytes", default=20 * 1024 * 1024, show_default=True, type=int, help="Larger bodies get 413."
)
@click.option("--upstream", default=None, metavar="URL", help="Proxy to this API, validating both ways.")
@click.option(
    "--refuse-invalid", is_flag=True, help="With --upstream: answer 400 to invalid requests locally."
)
@click.pass_context
def mock(
    ctx: click.Context,
    /,
    *,
    host: str,
    port: int,
    seed: int,
    profile: str,
    model_table: str | None,
    script_path: Path | None,
    record_path: Path | None,
    api_key: str | None,
    no_auth: bool,
    max_bytes: int,
    upstream: str | None,
    refuse_invalid: bool,
) -> None:
    """Serve an offline Gemini API (generateContent, streamGenerateContent, countTokens, models) that
    validates every request against the contract and answers with valid, deterministic responses."""
    try:
        from gemini_contract.mock.app import create_app
        from gemini_contract.mock.server import serve
    except ImportError as exc:
        raise InputError(f"the mock needs its extra: pip install 'gemini-contract[mock]' ({exc})") from exc
    from gemini_contract.mock.engine import Engine, MockConfig
    from gemini_contract.mock.models import load_table
    from gemini_contract.mock.record import Recorder
    from gemini_contract.mock.scenarios import ScriptError, load_script

    try:
        table = None if model_table == "none" else load_table(Path(model_table) if model_table else None)
        script = load_script(script_path) if script_path is not None else None
    except (OSError, ValueError, ScriptError) as exc:
        raise InputError(str(exc)) from exc
    config = MockConfig(seed, profile, table, script, api_key, not no_auth, max_bytes)
    recorder = Recorder(record_path) if record_path is not None else None
    if upstream is not None:
        from gemini_contract.mock.proxy import create_proxy

        app = create_proxy(upstream, config, recorder, refuse_invalid=refuse_invalid)
        serve(app, host, port, what=f" (proxy to {upstream})")
    else:
        serve(create_app(Engine(config), recorder), host, port)
    ctx.exit(ExitCode.OK)
