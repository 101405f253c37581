"""FileSystem provider cmdlets: file content and items (PowerShell 1.0 Microsoft.PowerShell.Management).

Every path goes through `emshell.lab.paths` (Windows and UNC paths confined to the lab's drive
roots); `cmdlets.filesystem` adds wildcards, the item objects and the error records. The
ShouldProcess texts are the FileSystem provider's ("Remove File", "Copy Directory" ...).
`write_text_file` is Out-File's writer.
"""
from __future__ import annotations

from typing import Any, ClassVar

from emshell.cmdlets.filesystem import (
    ContentEncoding, decode_lines, each_path, encode_text, expand, guarded, has_wildcards, info,
    item_object, matches, path_parameters, report, require_text, resolve, to_byte,
)
from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSEnum, to_string
from emshell.lab import paths
from emshell.lab.paths import LabPath

_MANAGEMENT = "Microsoft.PowerShell.Commands."
NEW_LINE = "\r\n"
HAS_CHILDREN = ("The item at {0} has children and the Recurse parameter was not specified. If you continue, "
                "all children will be removed with the item. Are you sure you want to continue?")
NOT_EMPTY = "Directory {0} cannot be removed because it is not empty."
FILE_EXISTS = "The file '{0}' already exists."  # .NET IOException of FileMode.CreateNew
UNKNOWN_TYPE = 'The type is not a known type for the file system. Only "file" and "directory" can be specified.'
RENAME_MISSING = "Cannot rename because item at '{0}' does not exist."


def _kind(path: LabPath) -> str:
    return "Directory" if paths.is_dir(path) else "File"


# -- content ---------------------------------------------------------------------------------
class GetContent(Cmdlet):
    name = "Get-Content"
    dotnet_class = _MANAGEMENT + "GetContentCommand"
    synopsis = "Gets the content of the item at the specified location."
    description = ("Reads a file line by line (or byte by byte with -Encoding Byte). A byte-order mark "
                   "decides the encoding of a text file; without one the ANSI code page is used.")
    parameters = path_parameters() + (
        Param("ReadCount", int, pipeline_by_name=True),
        Param("TotalCount", int, pipeline_by_name=True),
        Param("Encoding", ContentEncoding),
        Param("Force", Switch),
    )
    default_set = "Path"
    examples = (Example("Get-Content c:\\CAS_SAN_cert.req", "Shows the request file line by line."),
                Example("$bytes = Get-Content c:\\cert.pfx -Encoding Byte -ReadCount 0",
                        "Reads a binary file into one array of bytes."))

    def process(self) -> None:
        for path in each_path(self, "GetContentReader"):
            data = guarded(self, "GetContentReader", lambda: paths.read_bytes(path))
            if data is not None:
                self._emit(self._items(data))

    def _items(self, data: bytes) -> list[Any]:
        encoding = self.Encoding or ContentEncoding.Unknown
        items: list[Any] = list(data) if encoding is ContentEncoding.Byte else decode_lines(data, encoding.name)
        if self.TotalCount is not None and self.TotalCount >= 0:
            return items[:self.TotalCount]
        return items

    def _emit(self, items: list[Any]) -> None:
        """-ReadCount 1 (the default) sends each line, 0 one array of all, N arrays of N."""
        count = 1 if self.ReadCount is None else self.ReadCount
        if count == 1:
            self.write_objects(items)
        elif count <= 0:
            if items:
                self.write_object(items)
        else:
            for start in range(0, len(items), count):
                self.write_object(items[start:start + count])


class _ContentWriter(Cmdlet):
    """Set-Content / Add-Content: each pipeline record's values are written as they come."""

    action: ClassVar[str] = ""
    append: ClassVar[bool] = False
    supports_should_process = True
    parameters = path_parameters() + (
        Param("Value", list[object], position=1, mandatory=True, pipeline=True, pipeline_by_name=True,
              allow_empty=True),
        Param("PassThru", Switch),
        Param("Encoding", ContentEncoding),
        Param("Force", Switch),
    )
    default_set = "Path"

    def begin(self) -> None:
        self.targets: list[LabPath] | None = None
        self.started: set[LabPath] = set()  # files this command has already written to

    def process(self) -> None:
        if self.targets is None:
            self.targets = [path for path in each_path(self, "GetContentWriter", must_exist=False)
                            if self.should_process(f"Path: {path.display}", self.action)]
        values = self.Value or []
        data = self._data(values)
        for path in list(self.targets):
            if guarded(self, "GetContentWriter", lambda: self._write(path, data)) is None:
                self.targets.remove(path)
        if self.PassThru:
            self.write_objects(values)

    def _write(self, path: LabPath, data: bytes | str) -> bool:
        first = path not in self.started
        append = self.append or not first
        if isinstance(data, str):
            at_start = not (append and paths.exists(path) and paths.item(path).length)
            encoding = (self.Encoding or ContentEncoding.Unknown).name
            data = encode_text(data, encoding, at_start)
        paths.write_bytes(path, data, append=append)
        self.started.add(path)
        return True

    def _data(self, values: list[Any]) -> bytes | str:
        if self.Encoding is not ContentEncoding.Byte:
            return "".join(to_string(value) + NEW_LINE for value in values)
        try:
            return bytes(byte for value in values for byte in _bytes_of(value))
        except conv.ConversionError as error:
            self.throw_terminating(str(error), "InvalidCastFromStringToByte", "InvalidArgument",
                                   exception_type="PSInvalidCastException")


def _bytes_of(value: Any) -> list[int]:
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(value, list):
        return [to_byte(item) for item in value]
    return [to_byte(value)]


class SetContent(_ContentWriter):
    name = "Set-Content"
    dotnet_class = _MANAGEMENT + "SetContentCommand"
    synopsis = "Writes or replaces the content in an item with new content."
    action = "Set Content"
    examples = (Example('Set-Content c:\\names.txt -Value "mail.ehlo.dk","autodiscover.ehlo.dk"',
                        "Replaces the file's content with two lines (ANSI, each line ended by CR LF)."),)


class AddContent(_ContentWriter):
    name = "Add-Content"
    dotnet_class = _MANAGEMENT + "AddContentCommand"
    synopsis = "Adds content to the specified items, such as adding words to a file."
    action = "Add Content"
    append = True
    examples = (Example('Add-Content c:\\names.txt "cas01.ehlo.dk"', "Appends a line to the file."),)


def write_text_file(cmdlet: Cmdlet, path_text: str, text: str, encoding: str, append: bool = False,
                    no_clobber: bool = False, action: str | None = "Output to File") -> None:
    """Out-File's writer: create, replace or extend a text file; errors stop the command. -WhatIf
    names `action` (Out-File's "Output to File"); None asks as ShouldProcess(path as typed) does."""
    try:
        path = resolve(cmdlet, path_text)
        exists = paths.exists(path)
        if no_clobber and exists and not append:
            cmdlet.throw_terminating(f"File {path.display} already exists and NoClobber was specified.",
                                     "NoClobber", "ResourceExists", path.display, "IOException")
        if not cmdlet.should_process(path.display if action else path_text, action):
            return
        at_start = not (append and exists and paths.item(path).length)
        paths.write_bytes(path, encode_text(text, encoding, at_start), append=append)
    except paths.PathError as error:
        report(cmdlet, error, "FileOpen", terminating=True)


# -- items -------------------------------------------------------------------------------------
class GetItem(Cmdlet):
    name = "Get-Item"
    dotnet_class = _MANAGEMENT + "GetItemCommand"
    synopsis = "Gets the item at the specified location."
    parameters = path_parameters(by_value=True) + (Param("Force", Switch),)
    default_set = "Path"
    examples = (Example("Get-Item c:\\*.req", "Gets the request files in the root of drive C:."),)

    def process(self) -> None:
        for path in each_path(self, "GetItem"):
            item = guarded(self, "GetItem", lambda: item_object(path))
            if item is not None:
                self.write_object(item)


class GetChildItem(Cmdlet):
    """Folders first, then files, each by name; -Recurse lists a folder before its subfolders."""

    name = "Get-ChildItem"
    dotnet_class = _MANAGEMENT + "GetChildItemCommand"
    synopsis = "Gets the items and child items in one or more specified locations."
    parameters = path_parameters(mandatory=False, by_value=True) + (
        Param("Filter", str, position=1),
        Param("Include", list[str]),
        Param("Exclude", list[str]),
        Param("Recurse", Switch),
        Param("Force", Switch),
        Param("Name", Switch),
    )
    default_set = "Path"
    examples = (Example("dir c:\\", "Lists the root of drive C:."),
                Example("Get-ChildItem \\\\cas02\\c$ -Filter *.pfx", "Lists the .pfx files on CAS02's C$ share."))

    def process(self) -> None:
        literal = self.LiteralPath is not None
        for text in (self.LiteralPath if literal else self.Path) or ["."]:
            try:
                self._list(text, wildcard=not literal and has_wildcards(text))
            except paths.PathError as error:
                report(self, error, "GetChildItem")

    def _list(self, text: str, wildcard: bool) -> None:
        self.include_effective = bool(self.Recurse) or wildcard  # PowerShell 1.0's -Include rule
        if wildcard and self.Recurse:  # the last name is a filter at every level
            head, separator, pattern = text.replace("/", "\\").rpartition("\\")
            folder_text = head + separator or "."
            folders = expand(self, folder_text) if has_wildcards(folder_text) else [resolve(self, folder_text)]
            for folder in folders:
                self._walk(folder, folder, pattern)
        elif wildcard:
            for path in expand(self, text):
                self._emit(paths.item(path), path.parent or path)
        else:
            path = resolve(self, text)
            entry = paths.item(path)
            if entry.is_dir:
                self._walk(path, path, None)
            elif self._selected(entry.name, None):
                self._emit(entry, path.parent or path)

    def _walk(self, folder: LabPath, root: LabPath, pattern: str | None) -> None:
        entries = paths.list_dir(folder)
        folders = [entry for entry in entries if entry.is_dir]
        for entry in folders + [entry for entry in entries if not entry.is_dir]:
            if self._selected(entry.name, pattern):
                self._emit(entry, root)
        if self.Recurse:
            for entry in folders:
                self._walk(entry.path, root, pattern)

    def _selected(self, name: str, pattern: str | None) -> bool:
        if not (matches(name, self.Filter) and matches(name, pattern)):
            return False
        if self.Include is not None and not (self.include_effective and any(matches(name, p) for p in self.Include)):
            return False
        return not any(matches(name, p) for p in self.Exclude or ())

    def _emit(self, entry: paths.Item, root: LabPath) -> None:
        if self.Name:  # the path below the folder listed
            self.write_object("\\".join(entry.path.parts[len(root.parts):]) or entry.name)
        else:
            self.write_object(info(entry))


class ItemType(PSEnum):
    """What New-Item's -ItemType names (any prefix of the words, as the provider matches them)."""

    File = 0
    Directory = 1


_TYPE_WORDS = {"file": ItemType.File, "directory": ItemType.Directory, "container": ItemType.Directory}


class NewItem(Cmdlet):
    name = "New-Item"
    dotnet_class = _MANAGEMENT + "NewItemCommand"
    synopsis = "Creates a new item."
    description = ("Creates a file (the default; -Value is its content, UTF-8) or a folder "
                   "(-ItemType Directory, with any missing parent folders).")
    supports_should_process = True
    parameters = (
        Param("Path", list[str], position=0, mandatory=True, pipeline_by_name=True),
        Param("Name", str, pipeline_by_name=True),
        Param("ItemType", str, aliases=("Type",), pipeline_by_name=True),
        Param("Value", object, pipeline=True, pipeline_by_name=True),
        Param("Force", Switch),
    )
    examples = (Example("New-Item c:\\certs -ItemType Directory", "Creates the folder c:\\certs."),)

    def process(self) -> None:
        require_text(self, "Path", self.Path)
        kind = self._type()
        if kind is None:
            self.write_error(UNKNOWN_TYPE, "NewItemArgumentError", "InvalidArgument", self.ItemType,
                             "ArgumentException")
            return
        for text in self.Path:
            full = text if self.Name is None else text.rstrip("\\/") + "\\" + self.Name
            path = guarded(self, "NewItem", lambda: resolve(self, full))
            if path is not None:
                guarded(self, "NewItem", lambda: self._create(path, kind))

    def _type(self) -> ItemType | None:
        word = (self.ItemType or "file").lower()
        return next((kind for name, kind in _TYPE_WORDS.items() if name.startswith(word)), None)

    def _create(self, path: LabPath, kind: ItemType) -> None:
        exists = paths.exists(path)
        if kind is ItemType.Directory:
            if exists and not (self.Force and paths.is_dir(path)):
                raise paths.ItemExists(path.display)
        elif exists and paths.is_dir(path):
            raise paths.AccessDenied(path.display)
        elif exists and not self.Force:
            self.write_error(FILE_EXISTS.format(path.display), "NewItemIOError", "WriteError", path.display,
                             "IOException")
            return
        if not self.should_process(f"Destination: {path.display}", f"Create {kind.name}"):
            return
        if kind is ItemType.Directory:
            paths.mkdir(path, exist_ok=True)
        else:
            content = "" if self.Value is None else to_string(self.Value)
            paths.write_bytes(path, content.encode("utf-8"))  # the provider's StreamWriter: UTF-8, no BOM
        self.write_object(item_object(path))


class TestPathType(PSEnum):
    Any = 0
    Container = 1
    Leaf = 2


TestPathType.__ps_type__ = "Microsoft.PowerShell.Commands.TestPathType"


class TestPath(Cmdlet):
    name = "Test-Path"
    dotnet_class = _MANAGEMENT + "TestPathCommand"
    synopsis = "Determines whether all elements of a path exist."
    parameters = path_parameters(by_value=True) + (
        Param("PathType", TestPathType, aliases=("Type",)), Param("IsValid", Switch))
    default_set = "Path"
    examples = (Example("Test-Path \\\\cas02\\c$\\exported_cert.pfx", "True when the file exists on CAS02."),)

    def process(self) -> None:
        literal = self.LiteralPath is not None
        texts = (self.LiteralPath if literal else self.Path) or []
        require_text(self, "LiteralPath" if literal else "Path", texts)
        for text in texts:
            try:
                self.write_object(self._test(text, not literal and has_wildcards(text)))
            except paths.PathError:
                self.write_object(False)

    def _test(self, text: str, wildcard: bool) -> bool:
        if self.IsValid:  # the syntax and the drive or share only; wildcards are valid
            if not wildcard:
                resolve(self, text)
            return True
        found = expand(self, text) if wildcard else [resolve(self, text)]
        wanted = self.PathType or TestPathType.Any
        return any(paths.exists(path) and (wanted is TestPathType.Any or
                                           paths.is_dir(path) == (wanted is TestPathType.Container))
                   for path in found)


class CopyItem(Cmdlet):
    name = "Copy-Item"
    dotnet_class = _MANAGEMENT + "CopyItemCommand"
    synopsis = "Copies an item from one location to another within a namespace."
    description = ("Copies files and folders, also to and from other lab computers through their shares "
                   "(\\\\cas02\\c$\\...). An existing file is overwritten; a folder is copied empty unless "
                   "-Recurse is given.")
    supports_should_process = True
    parameters = path_parameters() + (
        Param("Destination", str, position=1, pipeline_by_name=True),
        Param("Recurse", Switch),
        Param("Force", Switch),
        Param("PassThru", Switch),
    )
    default_set = "Path"
    examples = (Example("Copy-Item c:\\exported_cert.pfx \\\\cas02\\c$\\",
                        "Copies the exported certificate to the root of CAS02's drive C:."),)

    def process(self) -> None:
        destination = guarded(self, "CopyItem", lambda: resolve(self, self.Destination or "."))
        if destination is None:
            return
        for source in each_path(self, "CopyItem"):
            guarded(self, f"Copy{_kind(source)}InfoItem", lambda: self._copy(source, destination))

    def _copy(self, source: LabPath, destination: LabPath) -> None:
        # `c:\newdir\`: a trailing separator says the destination is a folder (paths.copy refuses
        # to make a file of it); the path is shown as typed, separator included.
        as_folder = (self.Destination or "").endswith(("\\", "/"))
        if paths.is_dir(destination):
            shown = destination.join(source.name).display
        else:
            shown = destination.display + ("\\" if as_folder and destination.parent is not None else "")
        if not self.should_process(f"Item: {source.display} Destination: {shown}", f"Copy {_kind(source)}"):
            return
        copied = paths.copy(source, destination, recursive=bool(self.Recurse), as_folder=as_folder)
        if self.PassThru:
            self.write_object(item_object(copied))


class MoveItem(Cmdlet):
    name = "Move-Item"
    dotnet_class = _MANAGEMENT + "MoveItemCommand"
    synopsis = "Moves an item from one location to another."
    supports_should_process = True
    parameters = path_parameters() + (
        Param("Destination", str, position=1, pipeline_by_name=True),
        Param("Force", Switch),
        Param("PassThru", Switch),
    )
    default_set = "Path"

    def process(self) -> None:
        destination = guarded(self, "MoveItem", lambda: resolve(self, self.Destination or "."))
        if destination is None:
            return
        for source in each_path(self, "MoveItem"):
            guarded(self, f"Move{_kind(source)}InfoItem", lambda: self._move(source, destination))

    def _move(self, source: LabPath, destination: LabPath) -> None:
        target = destination.join(source.name) if paths.is_dir(destination) else destination
        if not self.should_process(f"Item: {source.display} Destination: {target.display}", f"Move {_kind(source)}"):
            return
        if self.Force and paths.exists(target) and not paths.is_dir(target) and target != source:
            paths.remove(target)  # -Force replaces an existing file
        moved = paths.move(source, destination)
        if self.PassThru:
            self.write_object(item_object(moved))


class RemoveItem(Cmdlet):
    name = "Remove-Item"
    dotnet_class = _MANAGEMENT + "RemoveItemCommand"
    synopsis = "Deletes the specified items."
    description = ("Deletes files and folders. A folder that has children asks for confirmation unless "
                   "-Recurse is given; each item is offered to -WhatIf/-Confirm, children first.")
    supports_should_process = True
    parameters = path_parameters() + (Param("Recurse", Switch), Param("Force", Switch))
    default_set = "Path"
    examples = (Example("Remove-Item c:\\certnew.cer", "Deletes the file."),)

    def begin(self) -> None:
        self.to_all: bool | None = None  # the answer Yes to All / No to All, for the rest of the command

    def process(self) -> None:
        for path in each_path(self, "RemoveFileSystemItem"):
            if path.parent is None:  # a drive or share root
                report(self, paths.AccessDenied(path.display), "RemoveFileSystemItem")
                continue
            if paths.is_dir(path) and not self.Recurse and paths.list_dir(path) and not self._confirm_children(path):
                continue
            guarded(self, "RemoveFileSystemItem", lambda: self._remove(path))

    def _confirm_children(self, path: LabPath) -> bool:
        """The provider's ShouldContinue, which offers Suspend (the PowerShell documentation's example)."""
        if self.to_all is None:
            choice = self.session.confirm("Confirm", HAS_CHILDREN.format(path.display))
            if choice in ("A", "L"):
                self.to_all = choice == "A"
            return choice in ("Y", "A")
        return self.to_all

    def _remove(self, path: LabPath) -> None:
        """The FileSystem provider's order: a folder's children, then the folder itself."""
        if paths.is_dir(path):
            for entry in paths.list_dir(path):
                self._remove(entry.path)
            if not self.should_process(path.display, "Remove Directory"):
                return
            if paths.list_dir(path):  # a child was kept (answered No)
                self.write_error(NOT_EMPTY.format(path.display), "DirectoryNotEmpty", "WriteError", path.display,
                                 "IOException")
                return
        elif not self.should_process(path.display, "Remove File"):
            return
        paths.remove(path)


class RenameItem(Cmdlet):
    name = "Rename-Item"
    dotnet_class = _MANAGEMENT + "RenameItemCommand"
    synopsis = "Renames an item in a Windows PowerShell provider namespace."
    supports_should_process = True
    parameters = (
        Param("Path", str, position=0, mandatory=True, pipeline_by_name=True, aliases=("PSPath",)),
        Param("NewName", str, position=1, mandatory=True, pipeline_by_name=True),
        Param("Force", Switch),
        Param("PassThru", Switch),
    )

    def process(self) -> None:
        require_text(self, "Path", [self.Path])
        require_text(self, "NewName", [self.NewName])
        path = guarded(self, "RenameItem", lambda: resolve(self, self.Path))
        if path is None:
            return
        if not paths.exists(path):
            self.write_error(RENAME_MISSING.format(self.Path), "InvalidOperation", "InvalidOperation", self.Path,
                             "PSInvalidOperationException")
            return
        guarded(self, "RenameItem", lambda: self._rename(path))

    def _rename(self, path: LabPath) -> None:
        name = self.NewName.rstrip(". ")  # as Windows stores it: trailing dots and spaces dropped
        if not name or "\\" in name or "/" in name:  # "..", "." or a path
            raise paths.NotAName(path.display)
        target = (path.parent or path).join(name)
        if not self.should_process(f"Item: {path.display} Destination: {target.display}", f"Rename {_kind(path)}"):
            return
        renamed = paths.rename(path, name)
        if self.PassThru:
            self.write_object(item_object(renamed))


CMDLETS = (GetContent, SetContent, AddContent, GetItem, GetChildItem, NewItem, TestPath, CopyItem, MoveItem,
           RemoveItem, RenameItem)
ALIASES = {
    "gc": "Get-Content", "cat": "Get-Content", "type": "Get-Content",
    "sc": "Set-Content", "ac": "Add-Content",
    "gi": "Get-Item",
    "gci": "Get-ChildItem", "dir": "Get-ChildItem", "ls": "Get-ChildItem",
    "ni": "New-Item",
    "cpi": "Copy-Item", "copy": "Copy-Item", "cp": "Copy-Item",
    "mi": "Move-Item", "move": "Move-Item", "mv": "Move-Item",
    "ri": "Remove-Item", "rm": "Remove-Item", "rmdir": "Remove-Item", "del": "Remove-Item",
    "erase": "Remove-Item", "rd": "Remove-Item",
    "rni": "Rename-Item", "ren": "Rename-Item",
}
