"""Every file a run will write, checked together before any simulation step: each one on its own (a real path
in a writable folder, nothing special in the way) and all of them against each other (no two the same, none
inside another's folder, none replacing an input such as the --script file).

A new output flag is one line in FILE_FLAGS (or, for a folder, in the walk-through/recording helpers below).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from exoviz.export.errors import ExportError
from exoviz.export.targets import check_file, check_folder
from exoviz.i18n import _
from exoviz.options import UsageError

# flag -> file suffixes it must end with ((): any). One line per output flag that writes one regular file.
FILE_FLAGS: dict[str, tuple[str, ...]] = {
    "--stats": (),
    "--screenshot": (".png",),
    "--csv": (".csv",),
    "--amperometry": (".csv",),
    "--amperometry-events": (".csv",),  # not a flag: PATH-events.csv beside --amperometry's PATH (cli adds it)
    "--save-script": (".toml",),
}
WINDOW_FLAGS = ("--save-script",)  # outputs a window run writes too (on a key press)
SLIDE_PREFIX, SLIDE_SUFFIX, STEPS = "slide_", ".png", "steps.json"


@dataclass(frozen=True)
class Output:
    """One thing a run writes: the flag that asked for it, its absolute path, and whether it is a folder."""

    flag: str
    path: str
    folder: bool = False


def srt_path(target: str, kind: str) -> str:
    """The subtitles written beside a recording: clip.mp4 -> clip.srt (what players load by themselves);
    clip.gif -> clip.gif.srt and frames/ -> frames.frames.srt, so a GIF or frames of the same stem as an MP4
    never take its subtitles' name."""
    if kind == "png":
        return target.rstrip("/\\") + ".frames.srt"
    base, ext = os.path.splitext(target)
    return base + ".srt" if ext.lower() == ".mp4" else target + ".srt"


def record_paths(path: str) -> tuple[str, str]:
    """(film, subtitles) absolute paths of --record PATH, without touching the disk beyond a look."""
    target = os.path.abspath(os.path.expanduser(path)).rstrip(os.sep) or os.sep
    frames = path.endswith(("/", os.sep)) or (os.path.isdir(target) and not os.path.islink(target))
    return target, srt_path(target, "png" if frames else "file")


def slides_only(folder: str) -> bool:
    """A folder holding nothing but earlier walk-through slides (which --overwrite may replace)."""
    return all(n == STEPS or (n.startswith(SLIDE_PREFIX) and n.endswith(SLIDE_SUFFIX)) for n in os.listdir(folder))


def _checked(flag: str, check: Callable[[], str]) -> str:
    try:
        return check()
    except ExportError as e:
        raise UsageError(f"{flag}: {e}") from None


def record_outputs(path: str, overwrite: bool) -> list[Output]:
    """--record PATH (an .mp4, a .gif or a folder of PNG frames) and the .srt written beside it."""
    from exoviz.export.writers import check_target  # the kinds of recording live with the sinks

    kind, target = None, ""

    def check() -> str:
        nonlocal kind, target
        kind, target = check_target(path, overwrite)
        return target

    _checked("--record", check)
    subs = srt_path(target, kind or "")
    _checked("--record", lambda: check_file(subs, overwrite))
    return [Output("--record", target, kind == "png"), Output(f"--record's subtitles ({os.path.basename(subs)})",
                                                              subs)]


def slides_output(path: str, overwrite: bool) -> Output:
    """--walkthrough DIR/: a new (or, with --overwrite, earlier slides') folder."""
    folder = _checked("--walkthrough", lambda: check_folder(path, overwrite, slides_only, "slides",
                                                            "slide_NN.png and steps.json"))
    return Output("--walkthrough", folder, folder=True)


def _key(path: str) -> str:
    """Where a path really points: every symbolic link resolved (the last part's too), case folded where the
    OS does."""
    return os.path.normcase(os.path.realpath(os.path.abspath(os.path.expanduser(path))))


def _inode(path: str) -> tuple[int, int] | None:
    """(device, inode) of an existing file (a hard link shares them), else None."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _same(a: str, b: str) -> bool:
    """Two paths that name one file: the same resolved path, or the same device and inode."""
    if _key(a) == _key(b):
        return True
    ia = _inode(a)
    return ia is not None and ia == _inode(b)


# What every run reads besides its script (the code, fonts, language catalogs, widget themes): no output goes
# there. (assets/screenshot.png and assets/scripts are not read by a run and may be written.)
PROGRAM = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
READ_FOLDERS = tuple(os.path.join(PROGRAM, *p) for p in (("exoviz",), ("assets", "fonts"), ("assets", "locale")))
READ_FILES = tuple(os.path.join(PROGRAM, "assets", f"ui_theme_{t}.json") for t in ("dark", "projector"))


def _inside_program(path: str) -> str | None:
    key = _key(path)
    for f in READ_FILES:
        if key == _key(f):
            return f
    for folder in READ_FOLDERS:
        top = _key(folder)
        if key == top or key.startswith(top.rstrip(os.sep) + os.sep):
            return folder
    return None


def check_distinct(outputs: list[Output], inputs: dict[str, str]) -> None:
    """No two outputs the same, none inside another's folder, none replacing an input (flag -> path): paths
    are compared fully resolved, and by device and inode where the file exists (a hard link is the file)."""
    keys = [(o, _key(o.path)) for o in outputs]
    for o in outputs:
        folder = _inside_program(o.path)
        if folder:
            raise UsageError(_("{flag} {path} would replace {what}, which exoviz reads as it runs; choose another "
                               "path").format(flag=o.flag, path=o.path, what=folder))
    for i, (a, ka) in enumerate(keys):
        for b, kb in keys[i + 1:]:
            if _same(a.path, b.path):
                raise UsageError(_("{a} and {b} would both write {path}; give each its own path").format(
                    a=a.flag, b=b.flag, path=a.path))
            for outer, inner, ki, ko in ((a, b, kb, ka), (b, a, ka, kb)):
                if outer.folder and ki.startswith(ko.rstrip(os.sep) + os.sep):
                    raise UsageError(_("{flag} {path} is inside the {outer} folder, which is replaced as a whole; "
                                       "choose a path outside it").format(flag=inner.flag, path=inner.path,
                                                                          outer=outer.flag))
        for flag, src in inputs.items():
            if src and _same(os.path.abspath(os.path.expanduser(src)), a.path):
                raise UsageError(_("{flag} {path} is the {input} file read by this run; choose another path").format(
                    flag=a.flag, path=a.path, input=flag))


def plan_outputs(values: dict[str, str | None], record: str | None, walkthrough: str | None, overwrite: bool,
                 inputs: dict[str, str]) -> list[Output]:
    """Check every output of a run (values: flag -> path for FILE_FLAGS); the checked list, or UsageError."""
    outputs: list[Output] = []
    if record is not None:
        outputs += record_outputs(record, overwrite)
    if walkthrough is not None:
        outputs.append(slides_output(walkthrough, overwrite))
    for flag, suffixes in FILE_FLAGS.items():
        path = values.get(flag)
        if path is not None:
            outputs.append(Output(flag, _checked(flag, partial(check_file, path, overwrite, suffixes))))
    check_distinct(outputs, inputs)
    return outputs
