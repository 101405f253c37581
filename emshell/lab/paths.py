"""Windows paths inside the lab, and the file operations the shell performs on them.

A lab computer's drive `C:` is the host folder `<lab>/drives/<COMPUTER>/C/`. `resolve` turns
what a user typed (`c:\\x`, `..\\x`, `\\\\cas02\\c$\\x`, `FileSystem::C:\\x`, ...) into a
`LabPath` with Windows semantics on a case-sensitive host: names match existing entries
ignoring case, `..` stops at the drive (or share) root, trailing dots and spaces are dropped.

Nothing typed may reach outside the drive roots: every path is re-checked against the real
(symlink-resolved) location of its drive root before it is used, and names Windows refuses
(device names, illegal characters, over-long paths) are refused here too.

Error texts (the exception's `str()`), with their origin:
    Cannot find path '{0}' because it does not exist.      PowerShell FileSystemProvider (ItemDoesNotExist)
    Cannot find drive. A drive with the name '{0}' ...     PowerShell DriveNotFoundException
    Could not find a part of the path '{0}'.               .NET DirectoryNotFoundException
    Access to the path '{0}' is denied.                    .NET UnauthorizedAccessException
    Illegal characters in path.                            .NET ArgumentException (Path.CheckInvalidPathChars)
    The given path's format is not supported.              .NET NotSupportedException (':' inside a name)
    FileStream will not open Win32 devices ...             .NET 2.0 FileStream on CON, NUL, \\\\.\\..
    The specified path, file name, or both are too long... .NET PathTooLongException
    The UNC path should be of the form \\\\server\\share.     .NET ArgumentException (Arg_PathIllegalUNC)
    The network path was not found.                        Win32 ERROR_BAD_NETPATH (53)
    The network name cannot be found.                      Win32 ERROR_BAD_NET_NAME (67)
    Cannot create a file when that file already exists.    Win32 ERROR_ALREADY_EXISTS (183)
    The directory is not empty.                            Win32 ERROR_DIR_NOT_EMPTY (145)
    The directory name is invalid.                         Win32 ERROR_DIRECTORY (267)
    The filename, directory name, or volume label syntax is incorrect.  Win32 ERROR_INVALID_NAME (123)
    Item with specified name {0} already exists.           PowerShell 1.0/2.0 New-Item -ItemType Directory
    Cannot overwrite the item {0} with itself.             PowerShell Copy-Item
    Cannot rename because the target specified is not a path.  PowerShell Rename-Item (its help example)
    Source and destination path must be different.         .NET IOException (Directory.Move)
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import NamedTuple

from emshell.lab.computers import (
    Computer,
    UnknownComputer,
    computer_for_address,
    get_computer,
    list_adapters,
)
from emshell.lab.lab import Lab, LabError

DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(1, 10)] + [f"LPT{i}" for i in range(1, 10)]
)
# .NET 2.0's invalid path characters, plus the wildcards (expanding them is the caller's job).
ILLEGAL_CHARACTERS = frozenset('"<>|*?') | frozenset(chr(code) for code in range(32))
MAX_PATH = 260  # a fully qualified name must be shorter
MAX_COMPONENT = 255
PROVIDER_PREFIX = re.compile(r"^(?:Microsoft\.PowerShell\.Core\\)?FileSystem::", re.IGNORECASE)
DRIVE_PREFIX = re.compile(r"^([^\\/:]+):")
LOCAL_HOST_NAMES = ("localhost", "127.0.0.1")


# -- errors ----------------------------------------------------------------------------
class PathError(LabError):
    """A path problem; `path` is the Windows form of the path concerned."""

    TEXT = "{0}"

    def __init__(self, path: str = "") -> None:
        self.path = path
        super().__init__(self.TEXT.format(path))


class ItemNotFound(PathError):
    TEXT = "Cannot find path '{0}' because it does not exist."


class DriveNotFound(PathError):
    TEXT = "Cannot find drive. A drive with the name '{0}' does not exist."


class PartNotFound(PathError):
    TEXT = "Could not find a part of the path '{0}'."


class AccessDenied(PathError):
    TEXT = "Access to the path '{0}' is denied."


class IllegalCharacters(PathError):
    TEXT = "Illegal characters in path."


class UnsupportedFormat(PathError):
    TEXT = "The given path's format is not supported."


class DevicePath(PathError):
    TEXT = (
        "FileStream will not open Win32 devices such as disk partitions and tape drives. "
        'Avoid use of "\\\\.\\" in the path.'
    )


class PathTooLong(PathError):
    TEXT = (
        "The specified path, file name, or both are too long. The fully qualified file name must "
        "be less than 260 characters, and the directory name must be less than 248 characters."
    )


class InvalidUncPath(PathError):
    TEXT = "The UNC path should be of the form \\\\server\\share."


class NetworkPathNotFound(PathError):
    TEXT = "The network path was not found."


class NetworkNameNotFound(PathError):
    TEXT = "The network name cannot be found."


class FileExists(PathError):
    TEXT = "Cannot create a file when that file already exists."


class DirectoryNotEmpty(PathError):
    TEXT = "The directory is not empty."


class NotADirectory(PathError):
    TEXT = "The directory name is invalid."


class InvalidName(PathError):
    TEXT = "The filename, directory name, or volume label syntax is incorrect."


class ItemExists(PathError):
    TEXT = "Item with specified name {0} already exists."


class SameItem(PathError):
    TEXT = "Cannot overwrite the item {0} with itself."


class NotAName(PathError):
    TEXT = "Cannot rename because the target specified is not a path."


class IntoItself(PathError):
    TEXT = "Source and destination path must be different."


# -- LabPath ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class LabPath:
    """A file-system location on one lab computer.

    `parts` are the names below the drive root, spelled as on disk where they exist.
    `unc` is set when the path was reached through a share: (`\\\\host\\share` as typed,
    how many of `parts` the share itself covers), so it prints the way it was typed.
    Two LabPaths are equal when they name the same location, compared as Windows compares
    names (ignoring case), whichever way they were reached.
    """

    lab: Lab = field(repr=False)
    computer: str
    drive: str
    parts: tuple[str, ...] = ()
    unc: tuple[str, int] | None = None

    def _identity(self) -> tuple[str, str, tuple[str, ...]]:
        return self.computer, self.drive, tuple(part.upper() for part in self.parts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LabPath) and self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash(self._identity())

    @classmethod
    def root(cls, lab: Lab, computer: str, drive: str) -> "LabPath":
        return cls(lab, computer.upper(), drive.upper())

    @property
    def _depth(self) -> int:
        return self.unc[1] if self.unc else 0

    @property
    def display(self) -> str:
        """The Windows form: C:\\x\\y, or \\\\host\\share\\y when reached through a share."""
        if self.unc:
            return "\\".join((self.unc[0], *self.parts[self._depth:]))
        return self.local_display

    @property
    def local_display(self) -> str:
        """The form on the computer itself, C:\\x\\y, whichever way the path was reached."""
        return f"{self.drive}:\\" + "\\".join(self.parts)

    @property
    def drive_host_path(self) -> Path:
        return self.lab.drives_root / self.computer / self.drive

    @property
    def host_path(self) -> Path:
        return self.drive_host_path.joinpath(*self.parts)

    @property
    def name(self) -> str:
        return self.parts[-1] if len(self.parts) > self._depth else self.display

    @property
    def parent(self) -> "LabPath | None":
        """None at a drive or share root, as .NET's DirectoryInfo.Parent."""
        return replace(self, parts=self.parts[:-1]) if len(self.parts) > self._depth else None

    @property
    def share_root(self) -> "LabPath":
        return replace(self, parts=self.parts[: self._depth])

    def join(self, relative: str) -> "LabPath":
        _check_characters(relative)
        return _descend(self, relative.replace("/", "\\"))


# -- resolution ------------------------------------------------------------------------
def resolve(lab: Lab, computer: str, cwd: LabPath | None, text: str) -> LabPath:
    """The LabPath that `text`, typed in a shell on `computer` whose location is `cwd`, names."""
    _check_characters(text)
    text = PROVIDER_PREFIX.sub("", text, count=1).replace("/", "\\")
    local = get_computer(lab, computer)
    if text.startswith("\\\\"):
        base, rest = _unc_base(lab, local, text)
    else:
        base, rest = _local_base(lab, local, cwd, text)
    return _descend(base, rest)


def _local_base(lab: Lab, local: Computer, cwd: LabPath | None, text: str) -> tuple[LabPath, str]:
    current = cwd or LabPath.root(lab, local.name, local.system_drive)
    match = DRIVE_PREFIX.match(text)
    if match:
        drive = _drive_letter(local, match.group(1))
        rest = text[match.end():]
        # "c:x" is relative to the current location only when that is on this very drive
        on_drive = not current.unc and current.computer == local.name.upper() and current.drive == drive
        if rest.startswith("\\") or not on_drive:
            return LabPath.root(lab, local.name, drive), rest
        return current, rest
    if text.startswith("\\"):  # rooted: the current drive's (or share's) root
        return current.share_root, text
    return current, text


def _drive_letter(computer: Computer, name: str) -> str:
    if name.upper() not in computer.drives:
        raise DriveNotFound(name)
    return name.upper()


def _unc_base(lab: Lab, local: Computer, text: str) -> tuple[LabPath, str]:
    host, _, remainder = text[2:].partition("\\")
    share, _, rest = remainder.partition("\\")
    if host == ".":  # \\.\COM1, the device namespace
        raise DevicePath(text)
    if not host or not share:
        raise InvalidUncPath(text)
    if ":" in host or ":" in share:
        raise UnsupportedFormat(text)
    target = _reachable(lab, local, host, text)
    drive, below = _share_location(target, share, text)
    folder = _descend(LabPath.root(lab, target.name, drive), below)
    return replace(folder, unc=(f"\\\\{host}\\{share}", len(folder.parts))), rest


def _reachable(lab: Lab, local: Computer, host: str, text: str) -> Computer:
    """The computer `host` names, if the network lets `local` reach it (an enabled adapter each side)."""
    if host.lower() in LOCAL_HOST_NAMES:
        return local
    try:
        target, adapter = computer_for_address(lab, host)
    except UnknownComputer:
        raise NetworkPathNotFound(text) from None
    if target.name == local.name and adapter is None:
        return target
    target_up = adapter.enabled if adapter else any(a.enabled for a in list_adapters(lab, target.name))
    local_up = any(a.enabled for a in list_adapters(lab, local.name))
    if not (target_up and local_up):
        raise NetworkPathNotFound(text)
    return target


def _share_location(computer: Computer, share: str, text: str) -> tuple[str, str]:
    """The drive and folder a share publishes, e.g. ADMIN$ -> ("C", "\\WINDOWS")."""
    for name, windows_path in computer.shares.items():
        if name.lower() == share.lower():
            drive, _, below = windows_path.partition(":")
            return _drive_letter(computer, drive), below
    raise NetworkNameNotFound(text)


def _descend(base: LabPath, relative: str) -> LabPath:
    parts = list(base.parts)
    for raw in relative.split("\\"):
        name = raw if raw in (".", "..") else raw.rstrip(". ")  # Windows drops trailing dots/spaces
        if name in ("", "."):
            continue
        if name == "..":
            if len(parts) > base._depth:
                parts.pop()
            continue
        _check_name(name, base)
        parts.append(name)
    path = replace(base, parts=_on_disk(base.drive_host_path, parts))
    if len(path.local_display) >= MAX_PATH:
        raise PathTooLong(path.display)
    _confined(path)
    return path


def _check_characters(text: str) -> None:
    if any(char in ILLEGAL_CHARACTERS for char in text):
        raise IllegalCharacters()


def _check_name(name: str, base: LabPath) -> None:
    if ":" in name:
        raise UnsupportedFormat(name)
    if name.split(".")[0].rstrip(" ").upper() in DEVICE_NAMES:
        raise DevicePath(name)
    if len(name) > MAX_COMPONENT:
        raise PathTooLong(base.display)


def _on_disk(root: Path, parts: list[str]) -> tuple[str, ...]:
    """`parts` respelled as the existing entries they match, ignoring case (Windows semantics)."""
    matched: list[str] = []
    folder = root
    for index, part in enumerate(parts):
        entry = _entry_named(folder, part)
        if entry is None:
            return tuple(matched) + tuple(parts[index:])
        matched.append(entry)
        folder = folder / entry
    return tuple(matched)


def _entry_named(folder: Path, name: str) -> str | None:
    if os.path.lexists(folder / name):
        return name
    if not folder.is_dir():
        return None
    wanted = name.lower()
    return next((entry for entry in sorted(os.listdir(folder)) if entry.lower() == wanted), None)


def _confined(path: LabPath) -> Path:
    """The host path, after checking that neither it nor its drive root leads out of the lab."""
    expected_root = os.path.join(os.path.realpath(path.lab.drives_root), path.computer, path.drive)
    real_root = os.path.realpath(path.drive_host_path)
    real = os.path.realpath(path.host_path)
    if real_root != expected_root or not (real == real_root or real.startswith(real_root + os.sep)):
        raise AccessDenied(path.display)
    return path.host_path


# -- file operations -------------------------------------------------------------------
class Item(NamedTuple):
    """What Get-Item / Get-ChildItem show of a file or folder."""

    path: LabPath
    name: str
    is_dir: bool
    length: int | None  # None for folders
    last_write_time: datetime  # lab time (naive UTC)


def exists(path: LabPath) -> bool:
    try:
        return _confined(path).exists()
    except AccessDenied:
        return False


def is_dir(path: LabPath) -> bool:
    return exists(path) and path.host_path.is_dir()


def item(path: LabPath) -> Item:
    host = _existing(path)
    stat = host.stat()
    is_folder = host.is_dir()
    return Item(
        path=path,
        name=path.name,
        is_dir=is_folder,
        length=None if is_folder else stat.st_size,
        last_write_time=datetime.fromtimestamp(stat.st_mtime, timezone.utc).replace(tzinfo=None),
    )


def read_bytes(path: LabPath) -> bytes:
    host = _existing(path)
    if host.is_dir():
        raise AccessDenied(path.display)
    return host.read_bytes()


def write_bytes(path: LabPath, data: bytes, append: bool = False) -> None:
    """Create, replace or extend a file; its times (and its folder's) become the lab's now."""
    host = _confined(path)
    if host.is_dir():
        raise AccessDenied(path.display)
    if not host.parent.is_dir():
        raise PartNotFound(path.display)
    with open(host, "ab" if append else "wb") as stream:
        stream.write(data)
    _stamp(path.lab, host, host.parent)


def mkdir(path: LabPath, exist_ok: bool = False) -> None:
    """Create a folder and any missing parents (Directory.CreateDirectory)."""
    host = _confined(path)
    if host.exists():
        if exist_ok and host.is_dir():
            return
        raise ItemExists(path.display)
    for depth in range(1, len(path.parts) + 1):
        level = replace(path, parts=path.parts[:depth])
        level_host = level.host_path
        if level_host.exists() and not level_host.is_dir():
            raise ItemExists(level.display)
        if not level_host.exists():
            level_host.mkdir()
            _stamp(path.lab, level_host, level_host.parent)


def list_dir(path: LabPath) -> list[Item]:
    """A folder's entries by name (case-insensitive), hiding any whose name Windows could not
    have or that lead out of the lab."""
    host = _existing(path)
    if not host.is_dir():
        raise NotADirectory(path.display)
    items = []
    for name in os.listdir(host):
        child = replace(path, parts=path.parts + (name,))
        if _valid_name(name) and exists(child):
            items.append(item(child))
    return sorted(items, key=lambda entry: entry.name.upper())


def copy(source: LabPath, destination: LabPath, recursive: bool = False, as_folder: bool = False) -> LabPath:
    """Copy-Item: into `destination` when it is a folder, else to it. Files keep their
    LastWriteTime, as CopyFile does; a folder without `recursive` is copied empty.

    `as_folder`: the destination was typed with a trailing separator (`C:\\newdir\\`). A file
    goes into it only when that folder exists; otherwise CopyFile gets a name ending in `\\`,
    which Windows refuses (ERROR_INVALID_NAME). A folder source creates it, as before.
    """
    source_host = _existing(source)
    target = _target(source, destination)
    target_host = _confined(target)
    if os.path.realpath(source_host) == os.path.realpath(target_host):
        raise SameItem(source.display)
    if not target_host.parent.is_dir():
        raise PartNotFound(target.display)
    if as_folder and not source_host.is_dir() and not is_dir(destination):
        raise InvalidName(destination.display + "\\")
    if source_host.is_dir():
        if _inside(target, source):
            raise IntoItself(target.display)
        _copy_folder(source, target, recursive)
    else:
        _copy_file(source, target)
    return target


def _copy_file(source: LabPath, target: LabPath) -> None:
    target_host = _confined(target)
    if target_host.is_dir():
        raise AccessDenied(target.display)
    shutil.copyfile(_confined(source), target_host)
    mtime = _confined(source).stat().st_mtime
    os.utime(target_host, (mtime, mtime))
    _stamp(target.lab, target_host.parent)


def _copy_folder(source: LabPath, target: LabPath, recursive: bool) -> None:
    mkdir(target, exist_ok=True)
    if not recursive:
        return
    for entry in list_dir(source):
        child = replace(target, parts=target.parts + (entry.name,))
        if entry.is_dir:
            _copy_folder(entry.path, child, True)
        else:
            _copy_file(entry.path, child)


def move(source: LabPath, destination: LabPath) -> LabPath:
    """Move-Item: into `destination` when it is a folder, else to it (keeps LastWriteTime)."""
    source_host = _existing(source)
    target = _target(source, destination)
    target_host = _confined(target)
    same = os.path.realpath(source_host) == os.path.realpath(target_host)
    if target_host.exists() and not same:
        raise FileExists(target.display)
    if not target_host.parent.is_dir():
        raise PartNotFound(target.display)
    if source_host.is_dir() and _inside(target, source) and not same:
        raise IntoItself(target.display)
    os.rename(source_host, target_host)
    _stamp(source.lab, source_host.parent, target_host.parent)
    return target


def rename(path: LabPath, new_name: str) -> LabPath:
    """Rename-Item: a new name in the same folder (a change of case alone is allowed)."""
    _check_characters(new_name)
    new_name = new_name.rstrip(" .")  # Win32 drops trailing dots and spaces from a name
    if "\\" in new_name or "/" in new_name or not new_name:
        raise NotAName(path.display)
    host = _existing(path)
    parent = path.parent
    if parent is None:
        raise AccessDenied(path.display)
    _check_name(new_name, path)
    clash = _entry_named(parent.host_path, new_name)
    if clash is not None and clash != path.parts[-1]:
        raise FileExists(parent.join(new_name).display)
    target = replace(path, parts=path.parts[:-1] + (new_name,))
    os.rename(host, _confined(target))
    _stamp(path.lab, host.parent)
    return target


def remove(path: LabPath, recursive: bool = False) -> None:
    host = _existing(path)
    if path.parent is None:
        raise AccessDenied(path.display)
    if host.is_symlink() or not host.is_dir():
        host.unlink()
    elif any(host.iterdir()) and not recursive:
        raise DirectoryNotEmpty(path.display)
    else:
        shutil.rmtree(host)
    _stamp(path.lab, host.parent)


# -- helpers ---------------------------------------------------------------------------
def _existing(path: LabPath) -> Path:
    host = _confined(path)
    if not host.exists():
        raise ItemNotFound(path.display)
    return host


def _target(source: LabPath, destination: LabPath) -> LabPath:
    if source.parent is None:
        raise AccessDenied(source.display)
    if is_dir(destination):
        return destination.join(source.name)
    return destination


def _inside(path: LabPath, folder: LabPath) -> bool:
    """Whether `path` is `folder` or below it."""
    return replace(path, parts=path.parts[: len(folder.parts)]) == folder


def _valid_name(name: str) -> bool:
    if any(char in ILLEGAL_CHARACTERS or char in ":\\" for char in name):
        return False
    return name.split(".")[0].rstrip(" ").upper() not in DEVICE_NAMES


def _stamp(lab: Lab, *hosts: Path) -> None:
    """Give files and folders the lab's time, so listings do not depend on the host clock."""
    moment = lab.clock.now().replace(tzinfo=timezone.utc).timestamp()
    for host in hosts:
        os.utime(host, (moment, moment))
