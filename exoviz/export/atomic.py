"""Atomic output: work names unique to each run beside the target, and the install that renames them into place.

Every file is created with mode 0o666 (the umask takes its share, exactly as for any program's new file). A work
name carries the process id and random letters, so two runs writing the same target never share one. Without
--overwrite the install is a hard link, which fails if the final name appeared meanwhile: nothing is replaced.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
import stat

from exoviz.export.errors import ExportError
from exoviz.interrupts import shielded

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def work_name(final: str, suffix: str = "") -> str:
    """A hidden name beside final, unique to this run: /d/clip.mp4 -> /d/.clip.mp4.<pid>-<hex>.partial<suffix>."""
    folder, base = os.path.split(final)
    return os.path.join(folder, f".{base}.{os.getpid()}-{secrets.token_hex(4)}.partial{suffix}")


def reserve(final: str, suffix: str = "") -> tuple[int, str]:
    """Create a new empty work file beside final (mode 0o666 less the umask); (fd, name). OSError if impossible."""
    for _ in range(64):
        name = work_name(final, suffix)
        try:
            return os.open(name, _CREATE, 0o666), name
        except FileExistsError:
            continue
    raise OSError(errno.EEXIST, "could not find a free work file name", final)


def reserve_name(final: str, suffix: str = "") -> str:
    """Reserve a work file for another program (ffmpeg) to fill; its name."""
    fd, name = reserve(final, suffix)
    os.close(fd)
    return name


def special_kind(path: str) -> str | None:
    """What is in the way at path if it is not a regular file: 'a symbolic link', 'a device' ...; None otherwise."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # nothing there (or its folder is not a folder: the parent check says so)
        return None
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return None


def remove_quietly(path: str) -> None:
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def install(work: str, final: str, overwrite: bool) -> None:
    """Move the finished work file to final. Never replaces a link, device or folder; without overwrite, nothing."""
    with shielded():  # a second Ctrl+C waits until the file is either in place or not
        kind = special_kind(final)
        if kind:
            raise ExportError(f"{final} is now {kind}; it is never replaced; nothing saved there")
        if overwrite:
            os.replace(work, final)
            return
        try:
            os.link(work, final)  # atomic: fails if final exists, whatever appeared meanwhile
        except FileExistsError:
            raise ExportError(f"{final} appeared while this run was writing it; it was left alone "
                              "(pass --overwrite to replace it); nothing saved there") from None
        except OSError:  # a file system without hard links: check, then rename
            if os.path.lexists(final):
                raise ExportError(f"{final} appeared while this run was writing it; it was left alone") from None
            os.replace(work, final)
            return
        remove_quietly(work)


def install_folder(work: str, final: str, overwrite: bool, ours) -> None:
    """Move a finished work folder to final; an existing folder is replaced only with overwrite and if ours(it)."""
    with shielded():
        kind = special_kind(final)
        if kind and kind != "a folder":
            raise ExportError(f"{final} is now {kind}; it is never replaced; nothing saved there")
        if kind and os.listdir(final):
            if not overwrite or not ours(final):
                raise ExportError(f"folder {final} now holds other files; it was left alone; nothing saved there")
            old = work_name(final, ".old")
            os.replace(final, old)
            os.replace(work, final)
            shutil.rmtree(old, ignore_errors=True)
            return
        os.replace(work, final)  # onto nothing, or onto an empty folder


def saving_error(path: str, exc: OSError) -> ExportError:
    """The one line for a write that failed (a full disk, a vanished folder)."""
    return ExportError(f"could not save {path}: {exc.strerror or exc}; nothing was written there")


def atomic_write(path: str, data: bytes, overwrite: bool = True) -> None:
    """Write data to path without ever leaving a half-written file under that name (ExportError if it fails)."""
    final = os.path.abspath(path)
    try:
        fd, work = reserve(final)
    except OSError as exc:
        raise saving_error(path, exc) from exc
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        install(work, final, overwrite)
    except OSError as exc:
        remove_quietly(work)
        raise saving_error(path, exc) from exc
    except BaseException:
        remove_quietly(work)
        raise
