"""Atomic output: work names unique to each run beside the target, and the install that renames them into place.

Every file is created with mode 0o666 (the umask takes its share, exactly as for any program's new file). A work
name is short (a hash of the final name, the process id and random letters: ~50 bytes whatever the final name,
so a name that fits the file system never fails at save), and two runs writing one target never share one.
Without --overwrite the install is a hard link, which fails if the final name appeared meanwhile: nothing is
replaced. Every work file or folder is noted when it is created; sweep() (run by the command line on every
way out: done, error, signal) removes whatever is still there.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
import stat

from exoviz.export.errors import ExportError
from exoviz.interrupts import shielded

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
_made: set[str] = set()  # work files and folders this process created and has not removed or installed


def work_name(final: str, suffix: str = "") -> str:
    """A short hidden name beside final, unique to this run (~50 bytes, whatever final's length):
    /d/clip.mp4 -> /d/.exoviz-<hash of clip.mp4>.<pid>-<hex>.partial<suffix>."""
    folder, base = os.path.split(final)
    tag = hashlib.sha1(os.fsencode(base)).hexdigest()[:10]
    return os.path.join(folder, f".exoviz-{tag}.{os.getpid()}-{secrets.token_hex(4)}.partial{suffix}")


def note(path: str) -> None:
    """Remember a work file or folder just created (swept on the way out unless installed or removed first)."""
    _made.add(path)


def sweep() -> None:
    """Remove every work file and folder of this process still present (every exit path runs this)."""
    with shielded():
        for path in sorted(_made, reverse=True):
            sweep_one(path)
        _made.clear()


def sweep_one(path: str) -> None:
    """Remove one work file or folder now (and forget it)."""
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
        if not os.path.lexists(path):
            _made.discard(path)
    else:
        remove_quietly(path)


def make_folder(final: str, suffix: str = "") -> str:
    """Create a new work folder beside final (noted for sweep()); its name. OSError if impossible."""
    with shielded():  # created and noted, or neither
        name = work_name(final, suffix)
        os.mkdir(name)
        note(name)
    return name


def reserve(final: str, suffix: str = "") -> tuple[int, str]:
    """Create a new empty work file beside final (mode 0o666 less the umask); (fd, name). OSError if impossible."""
    for _ in range(64):
        name = work_name(final, suffix)
        try:
            with shielded():  # created and noted, or neither
                fd = os.open(name, _CREATE, 0o666)
                note(name)
            return fd, name
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
    except OSError:
        return  # still there: sweep() tries again on the way out
    _made.discard(path)


def install(work: str, final: str, overwrite: bool) -> None:
    """Move the finished work file to final. Never replaces a link, device or folder; without overwrite, nothing."""
    with shielded():  # a second Ctrl+C waits until the file is either in place or not
        kind = special_kind(final)
        if kind:
            raise ExportError(f"{final} is now {kind}; it is never replaced; nothing saved there")
        if overwrite:
            os.replace(work, final)
            _made.discard(work)
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
            _made.discard(work)
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
            note(old)
            os.replace(final, old)
            os.replace(work, final)
            _made.discard(work)
            shutil.rmtree(old, ignore_errors=True)
            _made.discard(old)
            return
        os.replace(work, final)  # onto nothing, or onto an empty folder
        _made.discard(work)


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
