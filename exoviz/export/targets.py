"""Checks on an output path before anything runs: a real name, an existing writable folder, nothing special in the way.

Writability is proven by creating and removing a file in the folder (os.access says yes to root, even under /sys).
A symbolic link, device, pipe or socket at the target is refused even with --overwrite: exoviz writes regular
files and folders only.
"""

from __future__ import annotations

import os

from exoviz.export.atomic import remove_quietly, reserve, special_kind
from exoviz.export.errors import ExportError


def probe_folder(folder: str) -> None:
    """ExportError unless a new file can be created (and removed) in folder."""
    try:
        fd, name = reserve(os.path.join(folder, ".exoviz-probe"))
    except OSError as exc:
        raise ExportError(f"folder {folder} is not writable ({exc.strerror or exc}); "
                          "choose another output path") from None
    os.close(fd)
    remove_quietly(name)


def absolute(path: str) -> str:
    """The absolute path (~ expanded); a trailing slash is dropped."""
    p = os.path.abspath(os.path.expanduser(path))
    return p.rstrip(os.sep) or os.sep


def check_parent(final: str) -> None:
    """The folder that will hold final exists, is a folder, and takes new files."""
    parent = os.path.dirname(final)
    if not os.path.exists(parent):
        raise ExportError(f"folder {parent} does not exist; create it first or choose another output path")
    if not os.path.isdir(parent):
        raise ExportError(f"{parent} is not a folder; choose another output path")
    probe_folder(parent)


def _limit(folder: str, name: str, default: int) -> int:
    try:
        return int(os.pathconf(folder, name))
    except (OSError, ValueError, AttributeError, TypeError):  # no pathconf (Windows), or no such limit
        return default


def check_name(final: str) -> None:
    """The final name fits the file system: its last part within PC_NAME_MAX bytes (255 where unknown), the
    whole path within PC_PATH_MAX. Checked here, so a run never ends in "File name too long"."""
    folder, base = os.path.split(final)
    size, limit = len(os.fsencode(base)), _limit(folder, "PC_NAME_MAX", 255)
    if size > limit:
        raise ExportError(f"the name {base[:40]}… is {size} bytes long; the file system of {folder} takes at most "
                          f"{limit}; choose a shorter name")
    whole, most = len(os.fsencode(final)), _limit(folder, "PC_PATH_MAX", 4096)
    if whole >= most:
        raise ExportError(f"the path {final[:40]}… is {whole} bytes long; the file system takes less than {most}; "
                          "choose a shorter path")


def check_file(path: str, overwrite: bool, suffixes: tuple[str, ...] = ()) -> str:
    """The absolute path of a file output that may be written; ExportError (one line) otherwise."""
    if not path or not path.strip():
        raise ExportError("needs a file path; got an empty one")
    final = absolute(path)
    if suffixes and not final.lower().endswith(suffixes):
        raise ExportError(f"must name a {' or '.join(suffixes)} file, got {path!r}")
    if path.endswith(("/", os.sep)) or os.path.isdir(final):
        raise ExportError(f"{final} is a folder; give a file name")
    kind = special_kind(final)
    if kind:
        raise ExportError(f"{final} is {kind}; exoviz only writes regular files (never through a link or "
                          "to a device, even with --overwrite)")
    if os.path.lexists(final) and not overwrite:
        raise ExportError(f"{final} exists; pass --overwrite to replace it")
    check_parent(final)
    check_name(final)
    return final


def check_folder(path: str, overwrite: bool, ours, what: str, pattern: str) -> str:
    """The absolute path of a folder output (frames, slides): new, empty, or with overwrite holding only ours().

    what names the contents ("frames"), pattern their file names ("frame_NNNNNN.png").
    """
    if not path or not path.strip():
        raise ExportError(f"needs a folder path for the {what}; got an empty one")
    final = absolute(path)
    if os.path.dirname(final) == final:
        raise ExportError(f"cannot write the {what} into {final}; choose a new folder")
    kind = special_kind(final)
    if kind and kind != "a folder":
        if kind == "a symbolic link":
            raise ExportError(f"{final} is a symbolic link; exoviz never writes through links, even with --overwrite")
        raise ExportError(f"{final} exists and is {kind}; the {what} need a folder path (ending in /)")
    if os.path.lexists(final) and kind is None:
        raise ExportError(f"{final} exists and is a file; the {what} need a folder path (ending in /)")
    if kind == "a folder" and os.listdir(final):
        if not overwrite:
            raise ExportError(f"folder {final} is not empty; pass --overwrite to replace its {what}")
        if not ours(final):
            raise ExportError(f"folder {final} holds files other than {pattern}; choose an empty or new folder "
                              f"for the {what}")
    check_parent(final)
    check_name(final)
    return final
