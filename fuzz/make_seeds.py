"""Write the fuzz seed corpus and a libFuzzer dictionary: the corpus, the hostile cases, drawn bodies.

Usage: python fuzz/make_seeds.py SEED_DIR DICT_FILE

Seeds: every body of tests/fixtures/corpus (and the raw, non-strict text the API accepted), the hostile
cases of tests/fixtures/hostile/make_cases.py --skip-big (regular files under 64 KiB only: no FIFO,
device or symlink loop may reach libFuzzer), and bodies drawn by the strategies, valid and mutated.
The dictionary holds JSON punctuation, every field name (camelCase and snake_case) and enum name of the
schema, so that mutations of the fuzzer speak the request's vocabulary.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MAX_SEED = 64 * 1024
DRAWN = 40


def seeds() -> list[bytes]:
    out = [p.read_bytes() for p in sorted((REPO / "tests/fixtures/corpus").glob("*/*.json"))]
    index = json.loads((REPO / "tests/fixtures/corpus/index.json").read_text(encoding="utf-8"))
    out += [s["raw_body_text"].encode("utf-8") for s in index["samples"] if "raw_body_text" in s]
    with tempfile.TemporaryDirectory() as tmp:
        maker = REPO / "tests/fixtures/hostile/make_cases.py"
        subprocess.run([sys.executable, str(maker), tmp, "--skip-big"], check=True, capture_output=True)
        for path in sorted(Path(tmp).iterdir()):
            if path.is_file() and not path.is_symlink() and path.name != "MANIFEST.jsonl":
                try:
                    data = path.read_bytes()
                except OSError:  # the unreadable-file case (when not run as root)
                    continue
                if len(data) <= MAX_SEED:
                    out.append(data)
    out += drawn()
    return out


def drawn() -> list[bytes]:
    from gemini_contract.strategies import mutations, requests
    from gemini_contract.strategies.sampling import draw_examples

    bodies = draw_examples(requests(), DRAWN, 0) + draw_examples(requests("google"), DRAWN, 1)
    bodies += [
        b for b, _ in draw_examples(mutations(), DRAWN, 2, key=lambda p: json.dumps(p[0], sort_keys=True))
    ]
    return [json.dumps(b, ensure_ascii=False).encode("utf-8") for b in bodies]


def dictionary() -> list[str]:
    from gemini_contract.strategies import _index as ix

    tokens = {
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "null",
        "true",
        "false",
        "1e999",
        "-0",
        "\\u0000",
        "\\ud800",
        "\ufeff",
    }
    for name in ix.message_names():
        for field in ix.fields(name).values():
            tokens.update((f'"{field.name}"', f'"{field.proto_name}"'))
    for name in ix.enum_names():
        tokens.update(f'"{value}"' for value in ix.enum_values(name))
    return sorted(tokens)


def libfuzzer_quote(token: str) -> str:
    r"""One libFuzzer dictionary entry: a quoted string with \\, \" and \xHH escapes only."""
    out = []
    for byte in token.encode("utf-8"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{byte:02X}")
    return '"' + "".join(out) + '"'


def main(argv: list[str]) -> int:
    seed_dir, dict_file = Path(argv[1]), Path(argv[2])
    seed_dir.mkdir(parents=True, exist_ok=True)
    for data in seeds():
        (seed_dir / hashlib.sha1(data).hexdigest()).write_bytes(data)
    entries = [libfuzzer_quote(token) for token in dictionary()]
    dict_file.write_text("\n".join(entries) + "\n", encoding="utf-8")
    print(
        f"{len(list(seed_dir.iterdir()))} seeds in {seed_dir}, {len(entries)} dictionary entries",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
