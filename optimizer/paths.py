"""What a path is when it is not what a command expects, told from ``stat`` alone.

A named pipe must never be opened (reading one waits for a writer forever), nor a device read to its end, and
"missing" is the wrong word for a folder where a file should be: these give the words for the one-line message.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

MISSING = "the file is missing"


def not_a_file(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file ("is a folder, not a file"...), from ``stat`` alone: a
    named pipe must never be opened (reading one waits for a writer forever), nor a device read to its end."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "is a link to a file that does not exist" if path.is_symlink() else MISSING
    except OSError as err:
        return f"cannot be examined ({err.strerror or type(err).__name__})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if stat.S_ISFIFO(mode):
        return "is a named pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a file"
    return "is not a regular file"


def not_a_folder(path: Path) -> str | None:
    """What ``path`` is when it is not a folder ("does not exist", "is a file, not a folder"...), or None."""
    problem = not_a_file(path)
    if problem == MISSING:
        return "does not exist"
    if problem == "is a folder, not a file":
        return None
    if problem is None:
        return "is a file, not a folder"
    return problem.replace("not a file", "not a folder")


def file_sha256(path: Path) -> str:
    """The SHA-256 of a regular file, read in chunks (a table may be up to hundreds of MB)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
