"""Locations and path strings: Get/Set/Push/Pop-Location, Resolve-Path, Split-Path, Join-Path.

The current location is kept per lab computer in `session.locations` (Enter-PSSession switches
computers); the prompt shows it. Push-Location's stack is per session and computer.
"""
from __future__ import annotations

import re
import weakref
from typing import Any

from emshell.cmdlets.filesystem import (
    PathInfo, each_path, expand, has_wildcards, path_parameters, report, resolve, resolve_all,
)
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.lab import computers, paths
from emshell.lab.paths import LabPath

_MANAGEMENT = "Microsoft.PowerShell.Commands."
MULTIPLE = ("Cannot set the location because path '{0}' resolved to multiple containers. You can only the set "
            "location to a single container at a time.")  # sic: PowerShell's own wording
NO_QUALIFIER = "Cannot parse path because path '{0}' does not have a qualifier specified."
QUALIFIER = re.compile(r"^([^\\/:]+:)(.*)$", re.DOTALL)

_STACKS: "weakref.WeakKeyDictionary[Any, dict[str, list[LabPath]]]" = weakref.WeakKeyDictionary()


def _stack(cmdlet: Cmdlet) -> list[LabPath]:
    return _STACKS.setdefault(cmdlet.session, {}).setdefault(cmdlet.computer, [])


def _set_location(cmdlet: Cmdlet, text: str, literal: bool) -> LabPath | None:
    """Move the current location to the one folder `text` names; errors are written, None returned."""
    try:
        found = [resolve(cmdlet, text)] if literal or not has_wildcards(text) else expand(cmdlet, text)
        folders = [path for path in found if paths.is_dir(path)]
        if not folders:
            raise paths.ItemNotFound(found[0].display if found else text)
    except paths.PathError as error:
        report(cmdlet, error, "SetLocation")
        return None
    if len(folders) > 1:
        cmdlet.write_error(MULTIPLE.format(text), "SetLocation", "InvalidArgument", text, "PSArgumentException")
        return None
    cmdlet.session.locations[cmdlet.computer] = folders[0]
    return folders[0]


class GetLocation(Cmdlet):
    name = "Get-Location"
    dotnet_class = _MANAGEMENT + "GetLocationCommand"
    synopsis = "Gets information about the current working location."
    parameters = (Param("Stack", Switch),)
    examples = (Example("Get-Location", "Shows the current folder."),)

    def process(self) -> None:
        if self.Stack:
            self.write_objects(PathInfo(path) for path in reversed(_stack(self)))
        else:
            self.write_object(PathInfo(self.session.cwd))


class SetLocation(Cmdlet):
    name = "Set-Location"
    dotnet_class = _MANAGEMENT + "SetLocationCommand"
    synopsis = "Sets the current working location to a specified location."
    parameters = (
        Param("Path", str, position=0, sets=("Path",), pipeline=True, pipeline_by_name=True),
        Param("LiteralPath", str, mandatory=True, sets=("LiteralPath",), aliases=("PSPath",), pipeline_by_name=True),
        Param("PassThru", Switch),
    )
    default_set = "Path"
    examples = (Example("cd \\\\cas02\\c$", "Moves to the root of CAS02's drive C: through its admin share."),
                Example("Set-Location ..", "Moves to the parent folder."))

    def process(self) -> None:
        text = self.LiteralPath if self.LiteralPath is not None else self.Path
        if text is None:  # Set-Location without a path stays where it is (Windows PowerShell)
            return
        location = _set_location(self, text, self.LiteralPath is not None)
        if location is not None and self.PassThru:
            self.write_object(PathInfo(location))


class PushLocation(Cmdlet):
    name = "Push-Location"
    dotnet_class = _MANAGEMENT + "PushLocationCommand"
    synopsis = "Adds the current location to the top of a list of locations (a \"stack\")."
    parameters = (
        Param("Path", str, position=0, sets=("Path",), pipeline=True, pipeline_by_name=True),
        Param("LiteralPath", str, mandatory=True, sets=("LiteralPath",), aliases=("PSPath",), pipeline_by_name=True),
        Param("PassThru", Switch),
    )
    default_set = "Path"

    def process(self) -> None:
        current = self.session.cwd
        text = self.LiteralPath if self.LiteralPath is not None else self.Path
        if text is not None and _set_location(self, text, self.LiteralPath is not None) is None:
            return
        _stack(self).append(current)
        if self.PassThru:
            self.write_object(PathInfo(current))


class PopLocation(Cmdlet):
    name = "Pop-Location"
    dotnet_class = _MANAGEMENT + "PopLocationCommand"
    synopsis = "Changes the current location to the location most recently pushed onto the stack."
    parameters = (Param("PassThru", Switch),)

    def process(self) -> None:
        stack = _stack(self)
        if not stack:  # an empty stack is not an error
            return
        location = stack.pop()
        self.session.locations[self.computer] = location
        if self.PassThru:
            self.write_object(PathInfo(location))


class ResolvePath(Cmdlet):
    name = "Resolve-Path"
    dotnet_class = _MANAGEMENT + "ResolvePathCommand"
    synopsis = "Resolves the wildcard characters in a path and displays the path contents."
    parameters = path_parameters(by_value=True) + (Param("Relative", Switch),)
    default_set = "Path"
    examples = (Example("Resolve-Path c:\\*.req", "The full paths of the request files in C:\\."),)

    def process(self) -> None:
        for path in each_path(self, "ResolvePath"):
            self.write_object(self._relative(path) if self.Relative else PathInfo(path))

    def _relative(self, path: LabPath) -> str:
        """`.\\x` below the current location, `..\\x` beside it; another drive keeps its full path."""
        cwd = self.session.cwd
        if (path.computer, path.drive) != (cwd.computer, cwd.drive) or bool(path.unc) != bool(cwd.unc):
            return path.display
        common = 0
        while common < min(len(path.parts), len(cwd.parts)) and \
                path.parts[common].upper() == cwd.parts[common].upper():
            common += 1
        ups = [".."] * (len(cwd.parts) - common) or ["."]
        return "\\".join(ups + list(path.parts[common:]))


class SplitPath(Cmdlet):
    """String work on the path as typed (as PowerShell's), except -Resolve."""

    name = "Split-Path"
    dotnet_class = _MANAGEMENT + "SplitPathCommand"
    synopsis = "Returns the specified part of a path."
    parameters = (
        Param("Path", list[str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True),
        Param("Parent", Switch, sets=("ParentSet",)),
        Param("Leaf", Switch, sets=("LeafSet",)),
        Param("Qualifier", Switch, sets=("QualifierSet",)),
        Param("NoQualifier", Switch, sets=("NoQualifierSet",)),
        Param("IsAbsolute", Switch, sets=("IsAbsoluteSet",)),
        Param("Resolve", Switch),
    )
    default_set = "ParentSet"
    examples = (Example("Split-Path c:\\certs\\new.cer -Leaf", "new.cer"),
                Example("Split-Path c:\\certs\\new.cer", "c:\\certs"))

    def process(self) -> None:
        for text in self._texts():
            self._split(text)

    def _texts(self) -> list[str]:
        if not self.Resolve:
            return list(self.Path)
        return [path.display for path in resolve_all(self, self.Path, False, "SplitPath")]

    def _split(self, text: str) -> None:
        qualifier = QUALIFIER.match(text)
        if self.Qualifier:
            if qualifier is None:
                self.write_error(NO_QUALIFIER.format(text), "ParsePathFormatError", "InvalidArgument", text,
                                 "PSArgumentException")
            else:
                self.write_object(qualifier.group(1))
        elif self.NoQualifier:
            self.write_object(qualifier.group(2) if qualifier else text)
        elif self.IsAbsolute:
            self.write_object(bool(qualifier) or text.startswith(("\\\\", "//")))
        elif self.Leaf:
            self.write_object(_parts(text)[1])
        else:
            self.write_object(_parts(text)[0])


def _parts(text: str) -> tuple[str, str]:
    """(parent, leaf) of a path string: `c:\\a\\b` -> (`c:\\a`, `b`); a root has neither."""
    qualifier = QUALIFIER.match(text)
    drive, rest = (qualifier.group(1), qualifier.group(2)) if qualifier else ("", text)
    trimmed = rest.replace("/", "\\").rstrip("\\")
    if not trimmed or (not drive and rest.startswith(("\\\\", "//")) and trimmed.count("\\") <= 3):
        return "", ""  # C:\ or \\server\share: a root
    head, separator, leaf = trimmed.rpartition("\\")
    if not separator:
        return drive, leaf
    return drive + (head or "\\"), leaf


class JoinPath(Cmdlet):
    name = "Join-Path"
    dotnet_class = _MANAGEMENT + "JoinPathCommand"
    synopsis = "Combines a path and a child path into a single path."
    parameters = (
        Param("Path", list[str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True),
        Param("ChildPath", str, position=1, mandatory=True, pipeline_by_name=True),
        Param("Resolve", Switch),
    )
    examples = (Example("Join-Path \\\\cas02\\c$ exported_cert.pfx", "\\\\cas02\\c$\\exported_cert.pfx"),)

    def process(self) -> None:
        for parent in self.Path:
            joined = parent.rstrip("\\/") + "\\" + self.ChildPath.lstrip("\\/")
            qualifier = QUALIFIER.match(joined)
            drive = qualifier.group(1)[:-1] if qualifier and "::" not in joined else None
            if drive is not None and drive.upper() not in computers.get_computer(self.lab, self.computer).drives:
                report(self, paths.DriveNotFound(drive), "JoinPath")
            elif self.Resolve:
                self.write_objects(PathInfo(path) for path in resolve_all(self, [joined], False, "JoinPath"))
            else:
                self.write_object(joined)


CMDLETS = (GetLocation, SetLocation, PushLocation, PopLocation, ResolvePath, SplitPath, JoinPath)
ALIASES = {
    "gl": "Get-Location", "pwd": "Get-Location",
    "sl": "Set-Location", "cd": "Set-Location", "chdir": "Set-Location",
    "pushd": "Push-Location", "popd": "Pop-Location",
    "rvpa": "Resolve-Path",
}
