"""Text searching and de-duplication: Select-String and Get-Unique (Microsoft.PowerShell.Utility).

Select-String reads lab files through the file-system layer (paths stay inside the lab) or the
strings of its pipeline input; a FileInfo piped in is searched, not its name, as PowerShell does.
"""
from __future__ import annotations

import re
from typing import Any

from emshell.cmdlets.filesystem import FileInfo, decode_lines, guarded, resolve_all
from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSObject, to_string, type_names
from emshell.engine.regex import compile_pattern
from emshell.formatting.views import CustomView, register_view
from emshell.lab import paths
from emshell.lab.paths import LabPath

_UTILITY = "Microsoft.PowerShell.Commands."
INPUT_STREAM = "InputStream"


class MatchInfo(PSObject):
    """One matching line. Its text form is `path:line:text` for a file, the line alone for input."""

    TYPE_NAMES = (_UTILITY + "MatchInfo", "System.Object")
    PROPERTIES = ("IgnoreCase", "LineNumber", "Line", "Filename", "Path", "Pattern")

    def __init__(self, line: str, number: int, path: str, pattern: str, ignore_case: bool) -> None:
        self.Line, self.LineNumber, self.Path, self.Pattern = line, number, path, pattern
        self.IgnoreCase = ignore_case
        self.Filename = path.rsplit("\\", 1)[-1]

    def ps_to_string(self) -> str:
        if self.Path == INPUT_STREAM:
            return self.Line
        return f"{self.Path}:{self.LineNumber}:{self.Line}"


register_view(_UTILITY + "MatchInfo", CustomView(lambda match: [match.ps_to_string()]))


class SelectString(Cmdlet):
    name = "Select-String"
    dotnet_class = _UTILITY + "SelectStringCommand"
    synopsis = "Identifies patterns in strings."
    description = ("Searches the lines of files, or the strings piped to it, for a regular expression (or plain "
                   "text with -SimpleMatch), without case unless -CaseSensitive. Each matching line is a MatchInfo "
                   "object, shown as path:line-number:text; -Quiet says only True or False, -List stops at the "
                   "first match of each file.")
    default_set = "File"
    parameters = (
        Param("Pattern", list[str], position=0, mandatory=True, help="The regular expressions to look for."),
        Param("Path", list[str], position=1, mandatory=True, sets=("File",), pipeline_by_name=True,
              aliases=("PSPath",), help="The files to search (wildcards allowed)."),
        Param("InputObject", object, mandatory=True, pipeline=True, sets=("Object",), display_type="PSObject",
              help="The text to search: each object's string form."),
        Param("SimpleMatch", Switch, help="Looks for the pattern as plain text, not a regular expression."),
        Param("CaseSensitive", Switch, help="Matches case."),
        Param("Quiet", Switch, help="Returns True when a match is found (False when none is) instead of matches."),
        Param("List", Switch, help="Returns only the first match of each input file."),
    )
    examples = (
        Example("Select-String -Path c:\\CAS_SAN_cert.req -Pattern 'REQUEST'", "Finds the request's armour lines."),
        Example("Get-ExchangeCertificate | Out-String -Stream | Select-String mail",
                "Keeps the lines of the table that mention mail."),
    )

    def begin(self) -> None:
        self.patterns = [to_string(p) for p in conv.to_list(self.Pattern)]
        flags = 0 if self.CaseSensitive else re.IGNORECASE
        texts = [re.escape(p) for p in self.patterns] if self.SimpleMatch else self.patterns
        try:
            self.compiled = [compile_pattern(text, flags) for text in texts]
        except conv.ConversionError as error:
            self.throw_terminating(str(error), "InvalidRegex", "InvalidArgument", self.Pattern,
                                   "ArgumentException")
        self.found = False
        self.input_line = 0

    def process(self) -> None:
        if self.Quiet and self.found:
            return
        if self.Path is not None:
            for path in resolve_all(self, conv.to_list(self.Path), False, "ProcessingFile"):
                self._search_file(path)
            return
        value = self.InputObject
        if isinstance(value, FileInfo):
            self._search_file(value.lab_path)
            return
        if value is None:
            return
        self.input_line += 1
        self._search_lines([to_string(value)], INPUT_STREAM, self.input_line)

    def end(self) -> None:
        if self.Quiet and not self.found:
            self.write_object(False)

    def _search_file(self, path: LabPath) -> None:
        data = guarded(self, "ProcessingFile", lambda: paths.read_bytes(path))
        if data is not None:
            self._search_lines(decode_lines(data, "UTF8"), path.display, 1)

    def _search_lines(self, lines: list[str], source: str, first_number: int) -> None:
        for number, line in enumerate(lines, start=first_number):
            pattern = next((self.patterns[i] for i, regex in enumerate(self.compiled) if regex.search(line)), None)
            if pattern is None:
                continue
            if self.Quiet:
                if not self.found:
                    self.write_object(True)
                self.found = True
                return
            self.found = True
            self.write_object(MatchInfo(line, number, source, pattern, not self.CaseSensitive))
            if self.List and source != INPUT_STREAM:
                return


class GetUnique(Cmdlet):
    name = "Get-Unique"
    dotnet_class = _UTILITY + "GetUniqueCommand"
    synopsis = "Returns the unique items from a sorted list."
    description = ("Drops each object that equals the one just before it, so a sorted list keeps one of each. "
                   "Strings are compared with case; -AsString compares every object's string form, -OnType "
                   "compares only the objects' types.")
    default_set = "AsString"
    parameters = (
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to filter."),
        Param("AsString", Switch, sets=("AsString",), help="Compares the objects as strings."),
        Param("OnType", Switch, sets=("UniqueByType",), help="Keeps one object of each type in a row."),
    )
    examples = (Example("1, 1, 2, 3, 3 | Get-Unique", "Returns 1, 2 and 3."),
                Example("Get-Content c:\\names.txt | Sort-Object | Get-Unique", "Lists each name once."))

    def begin(self) -> None:
        self.previous: Any = None
        self.started = False

    def process(self) -> None:
        value = self.InputObject
        key = self._key(value)
        if self.started and key == self.previous:
            return
        self.started, self.previous = True, key
        self.write_object(value)

    def _key(self, value: Any) -> Any:
        if self.OnType:
            return type_names(value)[0] if value is not None else None
        if self.AsString or isinstance(value, str):
            return to_string(value)  # ordinal, with case
        return value


CMDLETS = (SelectString, GetUnique)
ALIASES = {"gu": "Get-Unique"}
