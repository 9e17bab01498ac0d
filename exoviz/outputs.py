"""Every file a run will write, checked together before any simulation step: each one on its own (a real path
in a writable folder, nothing special in the way) and all of them against each other (no two the same, none
inside another's folder, none replacing an input such as the --script file).

A new output flag is one line in FILE_FLAGS (or, for a folder, in the walk-through/recording helpers below).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from exoviz.export.errors import ExportError
from exoviz.export.targets import check_file, check_folder
from exoviz.i18n import _
from exoviz.options import UsageError

# flag -> file suffixes it must end with ((): any). One line per output flag that writes one regular file.
FILE_FLAGS: dict[str, tuple[str, ...]] = {
    "--stats": (),
    "--screenshot": (".png",),
    "--csv": (".csv",),
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
    """Where a path really points: symbolic links in its folders resolved, case folded where the OS does."""
    folder, base = os.path.split(path)
    return os.path.normcase(os.path.join(os.path.realpath(folder), base))


def check_distinct(outputs: list[Output], inputs: dict[str, str]) -> None:
    """No two outputs the same, none inside another's folder, none replacing an input (flag -> path)."""
    keys = [(o, _key(o.path)) for o in outputs]
    for i, (a, ka) in enumerate(keys):
        for b, kb in keys[i + 1:]:
            if ka == kb:
                raise UsageError(_("{a} and {b} would both write {path}; give each its own path").format(
                    a=a.flag, b=b.flag, path=a.path))
            for outer, inner, ki, ko in ((a, b, kb, ka), (b, a, ka, kb)):
                if outer.folder and ki.startswith(ko.rstrip(os.sep) + os.sep):
                    raise UsageError(_("{flag} {path} is inside the {outer} folder, which is replaced as a whole; "
                                       "choose a path outside it").format(flag=inner.flag, path=inner.path,
                                                                          outer=outer.flag))
        for flag, src in inputs.items():
            if src and _key(os.path.abspath(os.path.expanduser(src))) == ka:
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
            outputs.append(Output(flag, _checked(flag, lambda p=path, s=suffixes: check_file(p, overwrite, s))))
    check_distinct(outputs, inputs)
    return outputs
