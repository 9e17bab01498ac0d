"""Command line: every flag with its range; bad input becomes one line on stderr and exit code 2.

main() is the only composition root: it builds the Session, then a window, a headless run or a recording.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import Any, NoReturn

from exoviz import __version__, interrupts
from exoviz.cli_bench import add_bench_flags, bench_options, with_experiments
from exoviz.cli_instruments import check_instruments, instrument_args
from exoviz.cli_tirf import add_tirf_flags, parse_region
from exoviz.i18n import LANGUAGES, N_, _, choices, set_language, system_language
from exoviz.modes import CELLS, cell_for
from exoviz.options import NO_DISPLAY, Options, UsageError
from exoviz.outputs import FILE_FLAGS, WINDOW_FLAGS, plan_outputs
from exoviz.params import MODES, RANGES, SPEEDS, TOGGLE_WORDS, Params

MAX_W, MAX_H = 7680, 4320
MIN_W, MIN_H = 320, 240


# argparse's own messages (its English templates as regexes) -> ours, translated; flags and values kept as typed
ARGPARSE_MESSAGES = (
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), N_("unrecognized arguments: {args}")),
    (re.compile(r"argument (?P<flag>\S+): expected one argument"), N_("{flag} needs a value")),
    (re.compile(r"argument (?P<flag>\S+): ignored explicit argument (?P<value>.*)"),
     N_("{flag} takes no value, got {value}")),
    (re.compile(r"ambiguous option: (?P<args>.*)"), N_("ambiguous option: {args}")),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, no usage dump
        for pattern, ours in ARGPARSE_MESSAGES:
            m = pattern.fullmatch(message)
            if m:
                raise UsageError(_(ours).format(**m.groupdict()))
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python main.py", allow_abbrev=False,
                description="exoviz: an animated model of exocytosis (full fusion, kiss-and-run, exosome "
                "release), to scale where it can be; a strip under the scene says what is not.",
                epilog="Keys in the window: press H for the full list.")
    p.add_argument("--mode", default="full-fusion", help=f"mechanism to show: {', '.join(MODES)} "
                   "(default: full-fusion, or the mode of --cell)")
    p.add_argument("--cell", default=None, help=f"cell preset: {', '.join(CELLS)} (default per mode: "
                   f"{', '.join(f'{m} {cell_for(m).name}' for m in MODES)})")
    p.add_argument("--seed", default="0", help="random seed (whole number >= 0); same seed, same run")
    p.add_argument("--vesicles", default=None, help="vesicles (or endosomes) in the scene: 1-100000 in "
                   "full-fusion, 1-25000 in kiss-and-run, 1-1500 in exosome; default depends on the mode")
    p.add_argument("--size", default="1280x720", help="window or frame size WxH in px (320x240 to 7680x4320)")
    p.add_argument("--fullscreen", action="store_true", help="start fullscreen")
    p.add_argument("--headless", action="store_true", help="run without a window, as fast as possible")
    p.add_argument("--duration", default=None, help="seconds of playback to run (with --headless or --record)")
    p.add_argument("--screenshot", default=None, metavar="PATH", help="save the final frame as PNG")
    p.add_argument("--stats", default=None, metavar="PATH", help="write a JSON summary of the run")
    p.add_argument("--overwrite", action="store_true", help="allow replacing existing output files")
    p.add_argument("--theme", default="dark", help="dark or projector (light, high contrast, large text)")
    p.add_argument("--ui-scale", default="1.0", help="enlarge text and widgets, 0.75-3")
    p.add_argument("--speed", default="1", help=f"playback speed multiplier: {', '.join(f'{s:g}' for s in SPEEDS)}")
    p.add_argument("--budding-rate", default=None, help="full fusion: vesicles budding per second, 0-50")
    p.add_argument("--stimulus-rate", default=None, help="full fusion: Ca²⁺ stimuli per second in a regulated "
                   "secretory cell, 0-10 (default 0.2; 0 leaves docked granules waiting)")
    p.add_argument("--firing-rate", default=None, help="kiss-and-run: action potentials per second, 0-50 Hz "
                   "(default 1)")
    p.add_argument("--full-fusion-fraction", default=None, help="kiss-and-run: share of releases that "
                   "fully fuse, 0-1 (default 0.4)")
    p.add_argument("--lysosome-fraction", default=None, help="exosome: share of MVBs sent to lysosomes, 0-1 "
                   "(default 0.5, illustrative)")
    p.add_argument("--endocytosis-rate", default=None, help="cell scenes: membrane taken in per second by "
                   "constitutive endocytosis, 0-5 µm²/s (default: the cell's own, e.g. macrophage 0.39)")
    p.add_argument("--balance", default=None, help="on (default): endocytosis and recycling follow exocytosis "
                   "and the membrane area holds; off: a fixed endocytosis rate, and the area drifts")
    add_bench_flags(p)
    add_tirf_flags(p)
    p.add_argument("--csv", default=None, metavar="PATH", help="write the time series (time, area, capacitance, "
                   "running count of each event) as CSV")
    instrument_args(p)
    p.add_argument("--record", default=None, metavar="PATH", help="render to .mp4, .gif or a folder of PNG frames "
                   "(a path ending in /, or an existing empty folder)")
    p.add_argument("--record-dir", default=".", help="folder for recordings started in the window (Ctrl+R)")
    p.add_argument("--fps", default="30", help="frames per second for --record, 1-120")
    p.add_argument("--title", default=None, metavar="TEXT", help="recordings: a title card for the first 2 s, "
                   "at most 200 characters on one line (default: the scene script's title, if any)")
    p.add_argument("--burn-captions", action="store_true", help="draw stage captions into recorded frames")
    p.add_argument("--script", default=None, metavar="FILE.toml", help="play or render a scripted scene")
    p.add_argument("--save-script", default=None, metavar="PATH", help="save the setup as a --script .toml")
    p.add_argument("--clean", action="store_true", help="start in clean view (no widgets), for recordings")
    p.add_argument("--walkthrough", default=None, metavar="DIR/", help="save the presenter walk-through as "
                   "numbered PNG slides with captions, and steps.json, in a new folder (no window)")
    p.add_argument("--closeup", action="store_true", help="event close-up: a magnified inset that opens, in slow "
                   "motion, when the highlighted body fuses (key I in the window)")
    p.add_argument("--quiet", action="store_true", help="no progress output (recordings, long headless runs)")
    p.add_argument("--lang", default=None, metavar="CODE", help=f"language of everything shown: {choices()} "
                   "(default: the system locale's, else en)")
    p.add_argument("--version", action="version", version=f"exoviz {__version__}")
    return p


def _toggle(name: str, text: str) -> int:
    """An on/off flag's value: on/off, true/false, yes/no, 1/0 (any case) -> 1 or 0."""
    value = TOGGLE_WORDS.get(text.strip().lower())
    if value is None:
        raise UsageError(_("--{name} must be on or off, got {text!r}").format(name=name, text=text))
    return value


def _number(name: str, text: str, lo: float, hi: float, integer: bool = False) -> float:
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        kind = (_("--{name} must be a whole number from {lo:g} to {hi:g}, got {text!r}") if integer else
                _("--{name} must be a number from {lo:g} to {hi:g}, got {text!r}"))
        raise UsageError(kind.format(name=name, lo=lo, hi=hi, text=text)) from None
    if not (lo <= value <= hi) or value != value:
        raise UsageError(_("--{name} must be from {lo:g} to {hi:g}, got {text}").format(name=name, lo=lo, hi=hi,
                                                                                          text=text))
    return value


def parse_size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,5})\s*[xX×]\s*(\d{1,5})\s*", text)
    if not m:
        raise UsageError(_("--size must look like 1280x720 (WIDTHxHEIGHT in px), got {text!r}").format(text=text))
    w, h = int(m.group(1)), int(m.group(2))
    if not (MIN_W <= w <= MAX_W and MIN_H <= h <= MAX_H):
        raise UsageError(_("--size must be from {lo} to {hi}, got {w}x{h}").format(
            lo=f"{MIN_W}x{MIN_H}", hi=f"{MAX_W}x{MAX_H}", w=w, h=h))
    return w, h


def check_record_dir(path: str) -> None:
    """--record-dir (window recordings and screenshots): an existing folder that takes new files."""
    from exoviz.export.errors import ExportError
    from exoviz.export.targets import probe_folder

    if not path or not path.strip():
        raise UsageError(_("--record-dir needs a folder path; got an empty one"))
    if not os.path.isdir(path):
        raise UsageError(_("--record-dir {path!r} is not a folder; create it first or choose another").format(
            path=path))
    try:
        probe_folder(os.path.abspath(path))
    except ExportError as e:
        raise UsageError(f"--record-dir: {e}") from None


def _glue_negative_values(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """'--lysosome-fraction -inf' -> '--lysosome-fraction=-inf': a value that starts with '-' but is no flag."""
    takes_value = {s for act in parser._actions if act.nargs is None and act.option_strings
                   and not isinstance(act, (argparse._StoreTrueAction, argparse._VersionAction))
                   for s in act.option_strings}
    out: list[str] = []
    i = 0
    while i < len(argv):
        tok = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if tok in takes_value and nxt is not None and nxt.startswith("-") and nxt.split("=")[0] not in \
                parser._option_string_actions:
            out.append(f"{tok}={nxt}")
            i += 2
        else:
            out.append(tok)
            i += 1
    return out


def _apply_script(a: argparse.Namespace, argv: list[str]):
    """Load --script; its settings fill in whatever the command line did not say explicitly."""
    from exoviz.export.errors import ExportError
    from exoviz.export.script import load_script

    try:
        sc = load_script(a.script)
    except ExportError as e:
        raise UsageError(str(e)) from None
    given = {arg.split("=")[0] for arg in argv if arg.startswith("--")}
    if "--mode" not in given:
        a.mode = sc.mode
    if "--seed" not in given:
        a.seed = str(sc.seed)
    if "--speed" not in given:
        a.speed = str(sc.speed)
    if "--theme" not in given:
        a.theme = sc.theme
    if "--cell" not in given and sc.cell:
        a.cell = sc.cell
    if "--duration" not in given:
        a.duration = str(sc.duration)
    for name, value in sc.params.items():
        if f"--{name.replace('_', '-')}" not in given:
            setattr(a, name, str(int(value)) if RANGES[name].integer else str(value))
    if "--chart" not in given:
        a.chart = a.chart or sc.chart
    if "--closeup" not in given:
        a.closeup = a.closeup or sc.closeup
    return sc


def check_title(text: str | None) -> None:
    """--title has a script title's rules: up to 200 characters, one line, no control characters."""
    if text is None:
        return
    from exoviz.export.script import MAX_TEXT
    from exoviz.export.script_text import control_character

    if len(text) > MAX_TEXT:
        raise UsageError(_("--title is {n} characters long; the limit is {limit}").format(n=len(text), limit=MAX_TEXT))
    code = control_character(text)
    if code:
        raise UsageError(_("--title contains a control character ({code}); use plain text on one line").format(
            code=code))


def check_events(script, params: Params, path: str) -> None:
    """A script's `set` events are held to the limits of the mode the run really has (--mode may override the
    script's): a value [params] would refuse is refused, never clamped in silence."""
    from dataclasses import replace

    for ev in script.events if script is not None else ():
        if ev.action == "experiment":  # each one in turn, on the experiments applied by then
            params = params.with_experiment(*ev.value)
            problem = params.validate()
        elif ev.action == "set":
            values: dict[str, Any] = {k: (int(v) if RANGES[k].integer else v) for k, v in dict(ev.value).items()}
            problem = replace(params, **values).validate()
        else:
            continue
        if problem:
            raise UsageError(_("{script}, the set event at {at} s: {problem}").format(script=path, at=f"{ev.at:g}",
                                                                                      problem=problem))


def _params(a: argparse.Namespace, argv: list[str], scripted_experiments: tuple[str, ...] | None) -> Params:
    if a.cell is not None and a.cell not in CELLS:
        raise UsageError(_("unknown --cell {value!r}; choose one of: {choices}").format(value=a.cell,
                                                                                       choices=", ".join(CELLS)))
    if a.cell is not None and "--mode" not in {arg.split("=")[0] for arg in argv} and scripted_experiments is None:
        a.mode = CELLS[a.cell].mode  # the cell says which mode it runs in
    if a.mode not in MODES:
        raise UsageError(_("unknown --mode {value!r}; choose one of: {choices}").format(value=a.mode,
                                                                                       choices=", ".join(MODES)))
    values: dict[str, Any] = {}  # Params fields by name (the names in RANGES), checked by validate()
    for name in RANGES:
        raw = getattr(a, name)
        if raw is not None:
            r = RANGES[name]
            flag = "electrode" if name == "electrode_um" else name.replace("_", "-")
            values[name] = _toggle(flag, raw) if r.toggle else _number(flag, raw, r.lo, r.hi, r.integer)
    seed = int(_number("seed", a.seed, 0, 2**32 - 1, integer=True))
    params = Params(mode=a.mode, seed=seed, cell=a.cell or "", **values)
    params = with_experiments(params, a.experiment if a.experiment is not None else (scripted_experiments or ()))
    problem = params.validate()
    if problem:
        raise UsageError(problem)
    return params


def _check_run_kind(a: argparse.Namespace, duration: float | None) -> None:
    """Flags that only make sense together (or never together)."""
    if a.record is not None and a.walkthrough is not None:
        raise UsageError(_("--record and --walkthrough are separate runs; give one of them"))
    if (a.headless or a.record is not None) and duration is None:
        raise UsageError(_("{flag} needs --duration S (seconds of playback)").format(
            flag="--record" if a.record is not None else "--headless"))
    window = not a.headless and a.record is None and a.walkthrough is None
    for flag in FILE_FLAGS:
        if window and flag not in WINDOW_FLAGS and getattr(a, flag[2:].replace("-", "_")) is not None:
            raise UsageError(_("{flag} is written by runs without a window; add --headless --duration S "
                               "(or --record / --walkthrough)").format(flag=flag))
    if window:
        check_record_dir(a.record_dir)


def language_of(argv: list[str]) -> str:
    """The language asked for with --lang (looked for before anything else is parsed, so that every message,
    the errors too, is in it), else the system locale's; UsageError listing the languages for an unknown one."""
    code = None
    for i, arg in enumerate(argv):
        if arg == "--lang":
            code = argv[i + 1] if i + 1 < len(argv) else ""
        elif arg.startswith("--lang="):
            code = arg.split("=", 1)[1]
    if code is None:
        return system_language()
    if code.strip().lower() not in LANGUAGES:
        raise UsageError(_("--lang must be one of: {choices}; got {value!r}").format(choices=choices(), value=code))
    return code.strip().lower()


def parse(argv: list[str]) -> Options:
    """The command line as Options, every value and every output checked; UsageError (one line) otherwise."""
    lang = language_of(argv)
    set_language(lang)
    parser = build_parser()
    a = parser.parse_args(_glue_negative_values(parser, argv))
    a.headless = a.headless or a.repeat is not None  # --repeat runs headless
    script = _apply_script(a, argv) if a.script is not None else None
    if script is not None and script.lang and lang != script.lang and not any(x.startswith("--lang") for x in argv):
        lang = script.lang  # the script's language, unless --lang says otherwise
        set_language(lang)
    params = _params(a, argv, None if script is None else script.experiments)
    speed = _number("speed", a.speed, 0.25, 4)
    if speed not in SPEEDS:
        raise UsageError(_("--speed must be one of {choices}, got {value}").format(
            choices=", ".join(f"{s:g}" for s in SPEEDS), value=a.speed))
    if a.theme not in ("dark", "projector"):
        raise UsageError(_("--theme must be dark or projector, got {value!r}").format(value=a.theme))
    duration = None if a.duration is None else _number("duration", a.duration, 0.01, 36000)
    size, ui_scale = parse_size(a.size), _number("ui-scale", a.ui_scale, 0.75, 3)
    fps = int(_number("fps", a.fps, 1, 120, integer=True))
    check_title(a.title)
    check_events(script, params, a.script)
    check_instruments(a, params)
    _check_run_kind(a, duration)
    plan_outputs({flag: getattr(a, flag[2:].replace("-", "_")) for flag in FILE_FLAGS}, a.record, a.walkthrough,
                 a.overwrite, {"--script": a.script} if a.script else {})
    return Options(params=params, size=size, fullscreen=a.fullscreen, headless=a.headless,
                   duration=duration, screenshot=a.screenshot, stats=a.stats, overwrite=a.overwrite,
                   theme=a.theme, ui_scale=ui_scale, speed=speed, fps=fps, record=a.record,
                   record_dir=a.record_dir, burn_captions=a.burn_captions,
                   clean=a.clean or a.record is not None or a.walkthrough is not None, quiet=a.quiet,
                   script=script, closeup=a.closeup, walkthrough=a.walkthrough, title=a.title, csv=a.csv,
                   amperometry=a.amperometry, chart=a.chart, tirf=a.tirf or a.tirf_region is not None,
                   tirf_region=parse_region(a.tirf_region, params), lang=lang, save_script=a.save_script,
                   **bench_options(a, params))


def display_available() -> bool:
    """Whether a window can be opened (X11/Wayland on Linux; assumed elsewhere)."""
    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def main(argv: list[str] | None = None) -> int:
    """Entry point: parse, build the session, then hand it to the window or the headless runner.

    Exit codes: 0 done, 2 bad input or an output that could not be saved, 130/143/129 stopped by
    SIGINT/SIGTERM/SIGHUP.
    """
    from exoviz.export.errors import ExportError

    try:
        opts = parse(sys.argv[1:] if argv is None else argv)
        window = not opts.headless and opts.record is None and opts.walkthrough is None
        if window and not display_available():
            raise UsageError(NO_DISPLAY)
        from exoviz.session import Session  # imported late: parsing errors never pay for the model

        with interrupts.handling():
            if interrupts.requested():
                return _stopped_early()
            session = Session(opts)
            if interrupts.requested():
                return _stopped_early()
            if not window:
                from exoviz.headless import run_headless

                return run_headless(session, opts)
            from exoviz.ui.window import open_window

            return open_window(session, opts)
    except (UsageError, ExportError) as e:
        print(f"exoviz: {e}", file=sys.stderr)
        return 2
    except interrupts.Aborted as second:  # the runners report what they saved; this is before any of that
        print(f"exoviz: {second} stopped the run before anything was saved", file=sys.stderr)
        return 128 + second.signum
    except KeyboardInterrupt:
        print("exoviz: interrupted before the run started; nothing written", file=sys.stderr)
        return 130
    finally:
        from exoviz.export.atomic import sweep

        sweep()  # no work file is left, whatever the way out


def _stopped_early() -> int:
    """A signal came while the command line was read or the scene was built: nothing was written."""
    print(f"exoviz: stopped by {interrupts.name()} before the run started; nothing was written", file=sys.stderr)
    return interrupts.exit_code()
