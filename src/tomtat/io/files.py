"""Reading a file's bytes safely: only regular files, never more than a size cap.

Scraped folders hold odd things: a named pipe blocks a plain `open().read()` forever, a symlink to
/dev/zero reads until memory runs out, a symlink loop looks like a missing file. Every reader takes its
bytes from here, so each of those becomes a ReadError naming the file instead.
"""
from __future__ import annotations

import errno
import os
import re
import stat

__all__ = ["DEFAULT_MAX_FILE_SIZE", "ReadError", "format_size", "parse_size", "read_bytes", "read_stream", "stat_path"]

DEFAULT_MAX_FILE_SIZE = 50 * 1024 * 1024
_CHUNK = 1 << 20


class ReadError(ValueError):
    """A file or row that cannot be used; the message names it."""


_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "mib": 1024 ** 2,
          "g": 1024 ** 3, "gb": 1024 ** 3, "gib": 1024 ** 3}
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.I)


def parse_size(value: str) -> int:
    """'50MB', '500k', '1.5G' or a plain byte count → bytes (binary units). ValueError if unreadable."""
    match = _SIZE.fullmatch(value)
    unit = match.group(2).lower() if match else ""
    if not match or unit not in _UNITS:
        raise ValueError(f"{value!r} is not a size (examples: 50MB, 500KB, 1048576)")
    size = int(float(match.group(1)) * _UNITS[unit])
    if size < 1:
        raise ValueError(f"{value!r}: the size must be at least 1 byte")
    return size


def format_size(size: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:g} {unit}" if size % factor == 0 else f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_error(path: str, err: OSError) -> ReadError:
    if err.errno == errno.ELOOP:
        return ReadError(f"{path}: symlink loop")
    if err.errno == errno.ENOENT and os.path.islink(path):
        return ReadError(f"{path}: broken symlink (its target does not exist)")
    if err.errno == errno.ENOENT:
        return ReadError(f"{path}: no such file or folder")
    return ReadError(f"{path}: cannot read ({err.strerror or err})")


def stat_path(path: str) -> os.stat_result:
    """os.stat (following symlinks) with errors turned into ReadErrors that say what is wrong."""
    try:
        return os.stat(path)
    except OSError as err:
        raise _os_error(path, err) from None
    except ValueError:  # embedded NUL in the name
        raise ReadError(f"{path!r}: not a valid path") from None


def _too_big(source: str, max_bytes: int) -> ReadError:
    return ReadError(f"{source}: larger than the {format_size(max_bytes)} limit (--max-file-size)")


def read_stream(stream, source: str, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """At most max_bytes from a binary stream (stdin, an open file); more is a ReadError naming source."""
    chunks, total = [], 0
    try:
        while True:
            chunk = stream.read(min(_CHUNK, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise _too_big(source, max_bytes)
        return b"".join(chunks)
    except MemoryError:
        raise ReadError(f"{source}: not enough memory to read it") from None
    except OSError as err:
        raise ReadError(f"{source}: cannot read ({err.strerror or err})") from None


def read_bytes(path: str, max_bytes: int = DEFAULT_MAX_FILE_SIZE) -> bytes:
    """The bytes of a regular file (symlinks followed), at most max_bytes.

    FIFOs, devices, sockets and folders are refused before they are opened (a FIFO would block, a
    device may never end); the open itself is non-blocking and re-checked, in case the path changed.
    """
    info = stat_path(path)
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(f"{path}: {_kind(info.st_mode)}, not a regular file")
    if info.st_size > max_bytes:
        raise _too_big(path, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        raise _os_error(path, err) from None
    with os.fdopen(fd, "rb", buffering=0) as fh:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ReadError(f"{path}: {_kind(mode)}, not a regular file")
        return read_stream(fh, path, max_bytes)  # still capped: /proc-like files report size 0
