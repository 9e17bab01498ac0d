"""Commands (exoviz/commands.py): each name declares its argument type once per side (the handler tables, the
Command overloads), the two agree, and a wrong-typed argument is refused by mypy where a Command is written and at
run time where one is built from data."""

import re
import typing
from pathlib import Path

import pytest

from exoviz.commands import (
    ALL,
    SESSION,
    WINDOW,
    Command,
    SessionHandlers,
    WindowHandlers,
    arg_types,
    dispatch,
)

ROOT = Path(__file__).resolve().parents[1]


def _overload_types() -> dict[str, object]:
    """name -> argument type, as Command's @overload signatures declare them."""
    out: dict[str, object] = {}
    for fn in typing.get_overloads(Command.__init__):
        hints = typing.get_type_hints(fn)
        for name in typing.get_args(hints["name"]):
            assert name not in out, f"{name!r} in two overloads"
            out[name] = hints["arg"]
    return out


def test_the_handler_tables_name_every_command_and_nothing_else():
    assert set(typing.get_type_hints(SessionHandlers)) == set(SESSION)
    assert set(typing.get_type_hints(WindowHandlers)) == set(WINDOW)
    assert set(arg_types()) == set(ALL)


def test_the_overloads_give_each_command_the_argument_type_its_handler_takes():
    assert _overload_types() == arg_types()


@pytest.mark.parametrize(("name", "arg", "said"), [
    ("pause", "yes", "takes bool"),
    ("set_view", (0, 0, 10), "takes tuple[int, int, int, int]"),
    ("pick", None, "takes tuple[float, float]"),
    ("say", ("hello", "5 s"), "takes str | Msg | tuple[str | Msg, float]"),
    ("step", 3, "takes None"),
    ("set_value", ("budding_rate", "fast"), "takes tuple[str, float]"),
])
def test_a_wrong_typed_argument_is_refused_when_the_command_is_made(name, arg, said):
    with pytest.raises(TypeError, match=re.escape(f"command '{name}' {said}, not {arg!r}")):
        Command(name, arg)


def test_right_typed_arguments_pass_as_mypy_counts_them():
    Command("pan", (40, 0))  # an int is a float
    Command("zoom_at", (1.25, None))
    Command("zoom_at", (1.25, [300.0, 200.0]))  # a list does for a tuple
    Command("say", "Saved")
    Command("compare_treatment")
    assert Command("pause", True) == Command("pause", True) != Command("pause", False)


def test_an_unknown_name_is_a_key_error_and_dispatch_finds_only_table_entries():
    with pytest.raises(KeyError, match="no_such_command"):
        Command("no_such_command")
    got: list[object] = []
    assert dispatch({"pause": got.append}, Command("pause", True)) and got == [True]
    assert not dispatch({"pause": got.append}, Command("step"))


def test_mypy_refuses_a_wrong_typed_argument_and_a_handler_of_another_type(tmp_path):
    api = pytest.importorskip("mypy.api")
    snippet = tmp_path / "snippet.py"
    snippet.write_text(
        "from exoviz.commands import Command, SessionHandlers\n"
        "Command('pick', (1.0, 2.0))\n"
        "Command('pause', 'yes')\n"  # line 3
        "def table(h: SessionHandlers) -> None:\n"
        "    def wrong(arg: str) -> None: ...\n"
        "    h['pause'] = wrong\n")  # line 6
    out, _err, status = api.run(["--no-incremental", "--follow-imports=silent", "--config-file=/dev/null",
                                 "--cache-dir=" + str(tmp_path / "cache"), str(snippet)])
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert status == 1
    assert [e.split(":")[1] for e in errors] == ["3", "6"], out
    assert "No overload variant" in errors[0] and "Callable[[bool], None]" in errors[1]


def test_every_session_handler_is_annotated_with_exactly_its_commands_type():
    """mypy accepts a handler taking a wider type (object); this holds each to the declared one."""
    from exoviz.cli import parse
    from exoviz.session import Session

    s = Session(parse(["--headless", "--duration", "1"]))
    for name, handler in s._handlers.items():
        hints = typing.get_type_hints(handler)
        (param,) = [k for k in hints if k != "return"]
        assert hints[param] == arg_types()[name], name
