"""The FileSystem provider as the file cmdlets see it: items, wildcards, encodings, errors.

Shared by `files` (item and content cmdlets) and `locations` (locations and path strings).
Paths always go through `emshell.lab.paths`, which keeps them inside the lab's drive roots;
this module adds what PowerShell's provider layer adds on top: `~`, `*`/`?` wildcards,
FileInfo/DirectoryInfo/PathInfo objects with their PowerShell 1.0 views, the content
encodings, and error records made from the lab's path errors.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Param
from emshell.engine.objects import PSEnum, PSFlags, PSObject
from emshell.engine.operators import like
from emshell.formatting.netformat import composite_format, format_value
from emshell.formatting.views import GroupBy, TableColumn, TableView, WideView, register_view
from emshell.lab import paths
from emshell.lab.paths import LabPath

PROVIDER = "Microsoft.PowerShell.Core\\FileSystem"
PROVIDER_PREFIX = PROVIDER + "::"
WILDCARDS = frozenset("*?")
DRIVE_RELATIVE = re.compile(r"^([^\\:]+:)(.*)$")


# -- objects -----------------------------------------------------------------------------
class FileAttributes(PSFlags):
    ReadOnly = 1
    Hidden = 2
    System = 4
    Directory = 16
    Archive = 32
    Device = 64
    Normal = 128


FileAttributes.__ps_type__ = "System.IO.FileAttributes"

_COMMON = ("PSPath", "PSParentPath", "PSChildName", "PSDrive", "PSProvider", "PSIsContainer", "Mode", "Name")
_TIMES = ("CreationTime", "CreationTimeUtc", "LastAccessTime", "LastAccessTimeUtc", "LastWriteTime",
          "LastWriteTimeUtc", "Attributes")


class FileSystemInfo(PSObject):
    """A file or folder as Get-Item / Get-ChildItem return it (a snapshot, as .NET's are).

    The lab keeps one time per entry, so the creation, access and write times are all it.
    ToString is the full path (so an item piped to a -Path parameter names itself).
    """

    def __init__(self, entry: paths.Item) -> None:
        self._entry = entry

    @property
    def lab_path(self) -> LabPath:
        """Where the item is in the lab (Select-String reads a piped file through it)."""
        return self._entry.path

    _path = lab_path

    PSPath = property(lambda self: PROVIDER_PREFIX + self._path.display)
    PSParentPath = property(lambda self: PROVIDER_PREFIX + self._path.parent.display if self._path.parent else "")
    PSChildName = property(lambda self: self._entry.name)
    PSDrive = property(lambda self: None if self._path.unc else self._path.drive)
    PSProvider = property(lambda self: PROVIDER)
    PSIsContainer = property(lambda self: self._entry.is_dir)
    Name = property(lambda self: self._entry.name)
    FullName = property(lambda self: self._path.display)
    Extension = property(lambda self: _extension(self._entry.name))
    Exists = property(lambda self: True)
    CreationTime = LastAccessTime = LastWriteTime = property(lambda self: self._entry.last_write_time)
    CreationTimeUtc = LastAccessTimeUtc = LastWriteTimeUtc = property(lambda self: self._entry.last_write_time)

    def ps_to_string(self) -> str:
        return self._path.display


class FileInfo(FileSystemInfo):
    TYPE_NAMES = ("System.IO.FileInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object")
    PROPERTIES = _COMMON + ("Length", "DirectoryName", "Directory", "IsReadOnly", "Exists", "FullName",
                            "Extension") + _TIMES
    DEFAULT_DISPLAY = ("Name", "Length", "CreationTime", "LastWriteTime", "LastAccessTime")

    Mode = property(lambda self: "-a---")
    Length = property(lambda self: self._entry.length)
    DirectoryName = property(lambda self: self._path.parent.display)
    Directory = property(lambda self: item_object(self._path.parent))
    IsReadOnly = property(lambda self: False)
    Attributes = property(lambda self: FileAttributes.Archive)


class DirectoryInfo(FileSystemInfo):
    TYPE_NAMES = ("System.IO.DirectoryInfo", "System.IO.FileSystemInfo", "System.MarshalByRefObject",
                  "System.Object")
    PROPERTIES = _COMMON + ("Parent", "Exists", "Root", "FullName", "Extension") + _TIMES
    DEFAULT_DISPLAY = ("Name", "CreationTime", "LastWriteTime", "LastAccessTime")

    Mode = property(lambda self: "d----")
    Parent = property(lambda self: item_object(self._path.parent) if self._path.parent else None)
    Root = property(lambda self: item_object(self._path.share_root))
    Attributes = property(lambda self: FileAttributes.Directory)


def _extension(name: str) -> str:
    """Path.GetExtension: from the last dot on, or "" when there is none."""
    return "." + name.rpartition(".")[2] if "." in name else ""


def info(entry: paths.Item) -> FileSystemInfo:
    return (DirectoryInfo if entry.is_dir else FileInfo)(entry)


def item_object(path: LabPath) -> FileSystemInfo:
    return info(paths.item(path))


class PathInfo(PSObject):
    """Get-Location / Resolve-Path output. A share has no drive: its Path keeps the provider prefix."""

    TYPE_NAMES = ("System.Management.Automation.PathInfo", "System.Object")
    PROPERTIES = ("Drive", "Provider", "ProviderPath", "Path")

    def __init__(self, path: LabPath) -> None:
        self.Drive = None if path.unc else path.drive
        self.Provider = PROVIDER
        self.ProviderPath = path.display
        self.Path = PROVIDER_PREFIX + path.display if path.unc else path.display

    def ps_to_string(self) -> str:
        return self.Path


# -- views (FileSystem.format.ps1xml and PowerShellCore.format.ps1xml, PowerShell 1.0) ------
def _directory_header(item: FileSystemInfo) -> list[str]:
    """The group header: 1.0 prints PSParentPath as it is (2.0 strips the provider prefix).
    The custom control ends with a NewLine, which leaves an empty line after the text."""
    return [f"    Directory: {item.PSParentPath}", ""]


def _write_time(item: FileSystemInfo) -> str:
    """The view's script block: [String]::Format("{0,10}  {1,8}", LastWriteTime "d", "t")."""
    moment: datetime = item.LastWriteTime
    return composite_format("{0,10}  {1,8}", [format_value(moment, "d"), format_value(moment, "t")])


register_view("System.IO.FileSystemInfo", TableView((
    TableColumn("Mode", "Mode", width=7, alignment="left"),
    TableColumn("LastWriteTime", _write_time, width=25, alignment="right"),
    TableColumn("Length", "Length", width=10, alignment="right"),
    TableColumn("Name", "Name", alignment="left"),
), group_by=GroupBy("Directory", "PSParentPath", control=_directory_header)))
# FileSystem.format.ps1xml's wide view: folders in brackets.
register_view("System.IO.FileSystemInfo",
              WideView(lambda item: f"[{item.Name}]" if item.PSIsContainer else item.Name))
register_view("System.Management.Automation.PathInfo", TableView((TableColumn("Path", "Path"),)))


# -- encodings -----------------------------------------------------------------------------
class ContentEncoding(PSEnum):
    """FileSystemCmdletProviderEncoding as PowerShell 1.0 has it."""

    Unknown = 0
    String = 1
    Unicode = 2
    Byte = 3
    BigEndianUnicode = 4
    UTF8 = 5
    UTF7 = 6
    Ascii = 7


ContentEncoding.__ps_type__ = "Microsoft.PowerShell.Commands.FileSystemCmdletProviderEncoding"

# Python codec and byte-order mark of each text encoding a file cmdlet may write. "unknown"
# (Set-Content's and Add-Content's default) is Encoding.Default, the ANSI code page.
CODECS: dict[str, tuple[str, bytes]] = {
    "unknown": ("cp1252", b""),
    "default": ("cp1252", b""),
    "oem": ("cp437", b""),
    "ascii": ("ascii", b""),
    "utf7": ("utf-7", b""),
    "utf8": ("utf-8", b"\xef\xbb\xbf"),
    "string": ("utf-16-le", b"\xff\xfe"),
    "unicode": ("utf-16-le", b"\xff\xfe"),
    "bigendianunicode": ("utf-16-be", b"\xfe\xff"),
    "utf32": ("utf-32-le", b"\xff\xfe\x00\x00"),
}
# StreamReader's byte-order-mark detection, longest mark first.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"))
LINE_BREAK = re.compile(r"\r\n|\r|\n")


def encode_text(text: str, encoding: str, at_start: bool) -> bytes:
    """As a .NET StreamWriter writes: the preamble only at the start of the file; characters the
    encoding lacks become '?'."""
    codec, bom = CODECS[encoding.lower()]
    return (bom if at_start else b"") + text.encode(codec, errors="replace")


def decode_lines(data: bytes, encoding: str) -> list[str]:
    """StreamReader.ReadLine over the whole file: a byte-order mark wins over `encoding`."""
    codec = CODECS[encoding.lower()][0]
    for bom, detected in BOMS:
        if data.startswith(bom):
            data, codec = data[len(bom):], detected
            break
    lines = LINE_BREAK.split(data.decode(codec, errors="replace"))
    return lines[:-1] if lines[-1] == "" else lines


# -- path parameters and resolution -----------------------------------------------------------------
def path_parameters(mandatory: bool = True, by_value: bool = False) -> tuple[Param, Param]:
    """-Path (wildcards) and -LiteralPath (alias PSPath, so `dir | Get-Content` binds by name)."""
    return (
        Param("Path", list[str], position=0, mandatory=mandatory, sets=("Path",), pipeline=by_value,
              pipeline_by_name=True),
        Param("LiteralPath", list[str], mandatory=True, sets=("LiteralPath",), aliases=("PSPath",),
              pipeline_by_name=True),
    )


def has_wildcards(text: str) -> bool:
    return any(char in WILDCARDS for char in text)


def expand_home(cmdlet: Cmdlet, text: str) -> str:
    """`~` is the home folder of the shell's user, as the FileSystem provider's Home."""
    if text == "~" or text.startswith(("~\\", "~/")):
        return cmdlet.session.profile.home + text[1:]
    return text


def resolve(cmdlet: Cmdlet, text: str) -> LabPath:
    """One literal path (no wildcards), typed on the shell's computer."""
    return cmdlet.session.resolve_path(expand_home(cmdlet, text))


def expand(cmdlet: Cmdlet, text: str) -> list[LabPath]:
    """The existing items a wildcard path names, in directory order; [] when none match.

    The part before the first wildcard must exist (PowerShell reports it like any missing path).
    """
    text = expand_home(cmdlet, text).replace("/", "\\")
    head, patterns = _split_at_wildcard(text)
    base = resolve(cmdlet, head or ".")
    if not paths.exists(base):
        raise paths.ItemNotFound(base.display)
    found = [base]
    for pattern in patterns:
        found = [child for folder in found if paths.is_dir(folder) for child in _children(folder, pattern)]
    return [path for path in found if paths.exists(path)]


def _split_at_wildcard(text: str) -> tuple[str, list[str]]:
    """("c:\\folder\\", ["*.req"]): the literal head (kept with its separator) and the rest."""
    parts = text.split("\\")
    first = next(index for index, part in enumerate(parts) if has_wildcards(part))
    if first == 0:
        drive = DRIVE_RELATIVE.match(parts[0])
        if drive:  # c:*.req: relative to drive c:'s location
            return drive.group(1), [drive.group(2)] + parts[1:]
        return "", parts
    return "\\".join(parts[:first]) + "\\", parts[first:]


def _children(folder: LabPath, pattern: str) -> list[LabPath]:
    if not has_wildcards(pattern):
        return [folder.join(pattern)]
    return [entry.path for entry in paths.list_dir(folder) if like(entry.name, pattern)]


def matches(name: str, pattern: str | None) -> bool:
    return pattern is None or like(name, pattern)


# -- errors ------------------------------------------------------------------------------------------
# Path error -> (.NET exception, ErrorCategory); the error id is the operation plus the exception's
# short name, as the FileSystem provider builds it ("RemoveFileSystemItemIOError"), except for the
# ids the provider layer itself uses.
_FIXED_IDS: dict[type, tuple[str, str, str]] = {
    paths.ItemNotFound: ("PathNotFound", "ObjectNotFound", "ItemNotFoundException"),
    paths.DriveNotFound: ("DriveNotFound", "ObjectNotFound", "DriveNotFoundException"),
    paths.ItemExists: ("DirectoryExist", "ResourceExists", "IOException"),
    paths.SameItem: ("CopyError", "WriteError", "IOException"),
}
_EXCEPTIONS: dict[type, tuple[str, str]] = {
    paths.PartNotFound: ("DirectoryNotFoundException", "ObjectNotFound"),
    paths.AccessDenied: ("UnauthorizedAccessException", "PermissionDenied"),
    paths.IllegalCharacters: ("ArgumentException", "InvalidArgument"),
    paths.InvalidUncPath: ("ArgumentException", "InvalidArgument"),
    paths.NotAName: ("ArgumentException", "InvalidArgument"),
    paths.UnsupportedFormat: ("NotSupportedException", "InvalidOperation"),
    paths.DevicePath: ("NotSupportedException", "InvalidOperation"),
    paths.PathTooLong: ("PathTooLongException", "InvalidArgument"),
}


def classify(error: paths.PathError, operation: str) -> tuple[str, str, str]:
    """(error id, category, exception type) of a lab path error raised during `operation`."""
    fixed = _FIXED_IDS.get(type(error))
    if fixed:
        return fixed
    exception, category = _EXCEPTIONS.get(type(error), ("IOException", "WriteError"))
    return f"{operation}{exception.removesuffix('Exception')}Error", category, exception


def report(cmdlet: Cmdlet, error: paths.PathError, operation: str, terminating: bool = False) -> None:
    error_id, category, exception = classify(error, operation)
    write = cmdlet.throw_terminating if terminating else cmdlet.write_error
    write(str(error), error_id, category, error.path or None, exception)


def each_path(cmdlet: Cmdlet, operation: str, must_exist: bool = True) -> Iterator[LabPath]:
    """The paths of the command's -Path (wildcards expanded) or -LiteralPath."""
    literal = cmdlet.LiteralPath is not None
    return resolve_all(cmdlet, (cmdlet.LiteralPath if literal else cmdlet.Path) or (), literal, operation,
                       must_exist)


def require_text(cmdlet: Cmdlet, parameter: str, texts: Iterable[str]) -> None:
    """The binder's [ValidateNotNullOrEmpty] on path parameters: an empty string stops the command."""
    if any(text == "" for text in texts):
        cmdlet.throw_terminating(f"Cannot bind argument to parameter '{parameter}' because it is an empty string.",
                                 "ParameterArgumentValidationErrorEmptyStringNotAllowed", "InvalidData",
                                 exception_type="ParameterBindingValidationException")


def resolve_all(cmdlet: Cmdlet, texts: Iterable[str], literal: bool, operation: str,
                must_exist: bool = True) -> Iterator[LabPath]:
    """Each text's paths; errors are written per path. A wildcard that matches nothing is not an
    error; a literal path that does not exist is, unless the command creates it."""
    texts = list(texts)
    require_text(cmdlet, "LiteralPath" if literal else "Path", texts)
    for text in texts:
        try:
            if not literal and has_wildcards(text):
                yield from expand(cmdlet, text)
                continue
            path = resolve(cmdlet, text)
            if must_exist and not paths.exists(path):
                raise paths.ItemNotFound(path.display)
        except paths.PathError as error:
            report(cmdlet, error, operation)
            continue
        yield path


def guarded(cmdlet: Cmdlet, operation: str, action: Callable[[], Any]) -> Any:
    """Run a lab file operation; a path error becomes this command's error record (None returned)."""
    try:
        return action()
    except paths.PathError as error:
        report(cmdlet, error, operation)
        return None


def to_byte(value: Any) -> int:
    number = conv.to_int(value)
    if not 0 <= number < 256:
        raise conv.ConversionError(
            f'Cannot convert value "{conv.expand_string(value)}" to type "System.Byte". Error: '
            f'"Value was either too large or too small for an unsigned byte."')
    return number
