"""The README stays true: every command-line flag and every key of the binding table is in it."""

from pathlib import Path

from exoviz.cli import build_parser
from exoviz.ui.keys import BINDINGS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def test_every_flag_is_documented():
    flags = [o for a in build_parser()._actions for o in a.option_strings if o.startswith("--")]
    missing = [f for f in flags if f"`{f}" not in README]
    assert len(flags) > 25 and not missing, missing


def test_every_key_is_documented():
    table = README[README.index("## Keys"):README.index("## Architecture")]
    missing = [b.label for b in BINDINGS if not all(part.strip() in table for part in b.label.split(" / "))]
    assert not missing, missing
