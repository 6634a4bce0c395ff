"""Files and folders: what a path is, and writing a folder or a file all or nothing, never over foreign files.

What a path is when it is not what a command expects is told from ``stat`` alone: a named pipe must never be
opened (reading one waits for a writer forever), nor a device read to its end, and "missing" is the wrong word
for a folder where a file should be. Every folder this program writes carries a manifest (``MANIFEST``) of the
files it wrote; ``--out`` may replace only a new or empty folder, or one whose every file is listed there
unchanged. A folder is staged beside its target and swapped in with two renames, so a crash leaves either the
old folder or the new one (``recover_leftovers`` finishes or undoes a swap cut short).
"""


from __future__ import annotations

import errno
import hashlib
import itertools
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path, PurePosixPath

from .errors import InputError, OutputError, Place

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


# What ``not_a_file`` and ``not_a_folder`` say, in Vietnamese, for messages that end with it (``path_problem_vi``).
PATH_PROBLEMS_VI = {
    MISSING: "thiếu tệp", "does not exist": "không tồn tại", "is a file, not a folder": "là một tệp, không phải thư mục",
    "is a link to a file that does not exist": "là liên kết tới một tệp không tồn tại",
    "is not a regular file": "không phải tệp thông thường",
}
_KINDS_VI = {"a folder": "thư mục", "a named pipe (FIFO)": "một đường ống có tên (FIFO)", "a device": "một thiết bị",
             "a socket": "một socket"}


def path_problem_vi(problem: str) -> str:
    """A problem ``not_a_file`` or ``not_a_folder`` returned, in Vietnamese ("là thư mục, không phải tệp")."""
    if problem in PATH_PROBLEMS_VI:
        return PATH_PROBLEMS_VI[problem]
    if problem.startswith("cannot be examined ("):
        return "không kiểm tra được (" + problem.removeprefix("cannot be examined (")
    for kind, kind_vi in _KINDS_VI.items():
        for target, target_vi in (("file", "tệp"), ("folder", "thư mục")):
            if problem == f"is {kind}, not a {target}":
                return f"là {kind_vi}, không phải {target_vi}"
    return problem


def file_sha256(path: Path) -> str:
    """The SHA-256 of a regular file, read in chunks (a table may be up to hundreds of MB)."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()

MANIFEST = ".optimizer-written"
LEGACY_CHECKSUMS = "checksums.sha256"  # result folders of earlier versions: no manifest, but every file summed
LEGACY_UNSUMMED = ("timing.json", LEGACY_CHECKSUMS)
# Files an operating system drops into any folder it shows; losing them loses nothing.
SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<kind>new|old)-(?P<pid>\d+)-[A-Za-z0-9_]+$")
MORE_SHOWN = 100  # foreign files counted in a refusal; past that a home folder need not be walked to its end
VOLATILE = frozenset({"timing.json"})  # wall-clock seconds: never the same twice
ANY_CONTENT = "-" * 64
MANIFEST_HEADER = ("# Files written by optimizer into this folder (SHA-256). The next run with the same --out may\n"
                   "# replace the folder only while every file in it is listed here, unchanged.\n")


def relative_path(name: str) -> PurePosixPath:
    """A file name inside the folder; refuse anything that would land outside it."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or name == MANIFEST:
        raise ValueError(f"{name!r} is not a relative path inside the result folder")
    return path


def manifest_bytes(files: Mapping[str, bytes]) -> bytes:
    """The manifest of ``files``; a file whose content differs run to run is listed without its digest, so the
    manifest itself stays byte-identical for the same inputs."""
    lines = [f"{ANY_CONTENT if PurePosixPath(name).name in VOLATILE else hashlib.sha256(bytes(data)).hexdigest()}"
             f"  {name}\n" for name, data in sorted(files.items())]
    return (MANIFEST_HEADER + "".join(lines)).encode("utf-8")


def _read_sums(path: Path) -> dict[str, str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    sums = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64:
            return None
        sums[name] = digest
    return sums


def _entries(folder: Path) -> Iterator[str]:
    """Every entry below ``folder`` that is not a folder (links included, never followed), lazily and in a fixed
    order, so a refusal of a huge folder (a home folder, "/") stops at its first foreign file."""
    for root, folders, files in os.walk(folder, followlinks=False):
        folders.sort()
        here = Path(root)
        linked = [name for name in folders if (here / name).is_symlink()]
        for name in sorted(files + linked):
            if name not in SYSTEM_FILES:
                yield (here / name).relative_to(folder).as_posix()


# Why a file is foreign (``foreign_files``), in Vietnamese.
FOREIGN_VI = {"was not written by this program": "không do chương trình này ghi",
              "is not the file this program wrote": "không phải tệp chương trình này đã ghi",
              "was changed after this program wrote it": "đã bị sửa sau khi chương trình này ghi"}


def foreign_files(folder: Path) -> Iterator[tuple[str, str]]:
    """The files in ``folder`` this program did not write, or that changed since: (name, why), lazily."""
    sums = _read_sums(folder / MANIFEST)
    legacy = sums is None and (folder / LEGACY_CHECKSUMS).is_file()
    if sums is None:
        sums = (_read_sums(folder / LEGACY_CHECKSUMS) or {}) if legacy else {}
    for name in _entries(folder):
        path = folder / name
        if name == MANIFEST or (legacy and name in LEGACY_UNSUMMED):
            continue
        if name not in sums:
            yield name, "was not written by this program"
        elif path.is_symlink() or not path.is_file():
            yield name, "is not the file this program wrote"
        elif sums[name] != ANY_CONTENT and file_sha256(path) != sums[name]:
            yield name, "was changed after this program wrote it"


def check_replaceable(out_dir: str | Path, option: str = "--out") -> Path:
    """Refuse ``out_dir`` unless it is new, empty, or a folder of this program's holding only its own files.

    Called before a command does its work (so a refusal costs no waiting) and again just before the swap."""
    out_dir = Path(out_dir)
    place = Place(str(out_dir), column=option)
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        what = "a link" if out_dir.is_symlink() else "a file, not a folder"
        raise InputError(place, f"is {what}", "give a new folder (or one this program wrote) for the output",
                         problem_vi="là một liên kết" if out_dir.is_symlink() else "là một tệp, không phải thư mục",
                         fix_vi="hãy chọn một thư mục mới (hoặc thư mục do chương trình này ghi) để ghi kết quả")
    if not out_dir.exists():
        return out_dir
    foreign = list(itertools.islice(foreign_files(out_dir), MORE_SHOWN + 1))
    if foreign:
        name, why = foreign[0]
        more = f" (and {len(foreign) - 1}{'+' if len(foreign) > MORE_SHOWN else ''} more)" if len(foreign) > 1 else ""
        more_vi = (f" (và {len(foreign) - 1}{'+' if len(foreign) > MORE_SHOWN else ''} tệp khác)"
                   if len(foreign) > 1 else "")
        raise InputError(place, f"the folder holds files this program did not write: '{name}' {why}{more}, so "
                                 f"replacing the folder would lose them",
                         "give a new or empty folder for the output, or move those files out first; nothing was "
                         "written",
                         problem_vi=f"thư mục có tệp không do chương trình này ghi: '{name}' {FOREIGN_VI[why]}"
                                    f"{more_vi}, nên thay thư mục sẽ làm mất các tệp đó",
                         fix_vi="hãy chọn một thư mục mới hoặc thư mục trống, hoặc chuyển các tệp đó ra trước; "
                                "chưa ghi gì")
    return out_dir


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_leftovers(out_dir: Path) -> list[Path]:
    """Tidy what a killed run left beside ``out_dir``: a finished-or-not ``.new`` of a dead process is removed;
    an ``.old`` is put back if ``out_dir`` is missing (the kill fell between the two renames), else removed.
    Returns the siblings dealt with."""
    handled = []
    parent = out_dir.parent
    if not parent.is_dir():
        return handled
    for sibling in sorted(parent.iterdir()):
        match = _LEFTOVER.match(sibling.name)
        if not match or match["name"] != out_dir.name or not sibling.is_dir() or sibling.is_symlink():
            continue
        if _process_alive(int(match["pid"])):
            continue
        if match["kind"] == "old" and not out_dir.exists():
            os.replace(sibling, out_dir)
        else:
            shutil.rmtree(sibling, ignore_errors=True)
        handled.append(sibling)
    return handled


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _output_error(error: OSError, folder: Path) -> OutputError:
    what = error.strerror or str(error)
    fix = ("free disk space" if error.errno == errno.ENOSPC
           else "check the folder's permissions" if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS)
           else "check the folder")
    return OutputError(f"{folder}: could not write the output ({what}); {fix}, or choose another folder with "
                       f"--out (no earlier output was changed)")


def write_folder(out_dir: str | Path, files: Mapping[str, bytes], write=None) -> None:
    """Write ``files`` ({relative path: bytes}) as the folder ``out_dir``, all or nothing, with its manifest.

    ``out_dir`` must pass ``check_replaceable``. Everything goes into a hidden sibling first; only when every file
    is written is the old folder moved aside, the new one renamed into place and the old one deleted. If anything
    fails or the run is interrupted before that, the sibling is removed and ``out_dir`` is left exactly as it was.
    ``write`` writes one file (tests replace it to simulate a full disk)."""
    write = write or _write_file
    out_dir = Path(out_dir)
    paths = {relative_path(name): data for name, data in files.items()}
    for path, data in paths.items():
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(f"{path}: expected bytes, got {type(data).__name__}")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
        recover_leftovers(out_dir)
    except OSError as error:
        raise _output_error(error, out_dir) from error
    check_replaceable(out_dir)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))
    except OSError as error:
        raise _output_error(error, out_dir) from error
    try:
        for path, data in sorted(paths.items()):
            target = staging.joinpath(*path.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            write(target, bytes(data))
        write(staging / MANIFEST, manifest_bytes({str(p): d for p, d in paths.items()}))
        # mkdtemp makes the folder private (0700); a result folder is meant to be read by others.
        os.chmod(staging, 0o755)
        _swap_in(staging, out_dir)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _output_error(error, out_dir) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def update_folder(folder: str | Path, files: Mapping[str, bytes]) -> None:
    """Add or replace some files of a folder this program wrote, each in one step, and keep its manifest true."""
    folder = Path(folder)
    foreign = {name: why for name, why in foreign_files(folder)}
    for name in sorted(files):
        if name in foreign:  # only the files replaced must be ours; a planner's own notes beside them may stay
            raise InputError(Place(str(folder / name)), f"the file {foreign[name]}",
                             "move it away or solve again into a new folder; nothing was written",
                             problem_vi=f"tệp {FOREIGN_VI[foreign[name]]}",
                             fix_vi="hãy chuyển tệp đi nơi khác hoặc giải lại vào một thư mục mới; chưa ghi gì")
    listed = _read_sums(folder / MANIFEST)
    try:
        for name, data in sorted(files.items()):
            write_file(folder / relative_path(name), bytes(data), own_file=True)
        if listed is not None:
            names = set(listed) | set(files)
            current = {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}
            write_file(folder / MANIFEST, manifest_bytes(current), own_file=True)
    except OSError as error:
        raise _output_error(error, folder) from error


def write_file(path: str | Path, data: bytes, own_file: bool = False) -> None:
    """Write one file all or nothing: a hidden sibling first, renamed over ``path`` only once complete.

    An existing file is replaced only when ``own_file`` says the caller knows it is its own; otherwise it is
    refused, so a file somebody else put there is never overwritten."""
    path = Path(path)
    if path.exists() or path.is_symlink():
        if not own_file:
            raise InputError(Place(str(path)), "the file already exists and this program will not overwrite it",
                             "choose another folder or name, or move the file away first; nothing was written",
                             problem_vi="tệp đã có và chương trình sẽ không ghi đè lên",
                             fix_vi="hãy chọn thư mục hoặc tên khác, hoặc chuyển tệp đó đi trước; chưa ghi gì")
        if not path.is_file():
            raise InputError(Place(str(path)), "is not a regular file", "choose another name",
                             problem_vi="không phải tệp thông thường", fix_vi="hãy chọn tên khác")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_dead_file_leftovers(path)
        handle, staging = tempfile.mkstemp(prefix=f".{path.name}.new-{os.getpid()}-", dir=path.parent)
        os.close(handle)
    except OSError as error:
        raise _output_error(error, path.parent) from error
    try:
        _write_file(Path(staging), bytes(data))
        os.chmod(staging, 0o644)
        os.replace(staging, path)
    except OSError as error:
        Path(staging).unlink(missing_ok=True)
        raise _output_error(error, path.parent) from error
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def _remove_dead_file_leftovers(path: Path) -> None:
    """A half-written ``.NAME.new-PID-…`` beside ``path`` whose process is gone (killed while writing)."""
    for sibling in path.parent.glob(f".{path.name}.new-*"):
        match = _LEFTOVER.match(sibling.name)
        if match and match["name"] == path.name and sibling.is_file() and not sibling.is_symlink() \
                and not _process_alive(int(match["pid"])):
            sibling.unlink(missing_ok=True)


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Rename the finished ``staging`` folder to ``out_dir``, replacing an existing one.

    POSIX cannot rename a folder over a non-empty one, so the old folder is first renamed aside; if the second
    rename fails it is put back. ``out_dir`` is missing only between the two renames, never half-written.
    """
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-{os.getpid()}-", dir=out_dir.parent))
    os.rmdir(old)  # only the unique name was wanted; rename needs the target not to exist
    os.replace(out_dir, old)
    try:
        os.replace(staging, out_dir)
    except BaseException:
        os.replace(old, out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_result_folder(out_dir: Path, files: Mapping[str, bytes]) -> None:
    """Write ``files`` ({relative path: bytes}) as the folder ``out_dir``, all or nothing, never over a folder
    holding files this program did not write (``write_folder``)."""
    write_folder(out_dir, files, write=lambda path, data: _write_file(path, data))
