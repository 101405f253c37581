"""Comma-separated values: Export-Csv, Import-Csv, ConvertTo-Csv, ConvertFrom-Csv (Utility).

As Windows PowerShell 1.0-5.1 writes them: a `#TYPE` line (unless -NoTypeInformation), a header of
the first object's property names, then every value double-quoted with inner quotes doubled. A
value is its .NET string form, so an array reads `System.Object[]`. Reading gives one object of
string note properties per row, its type name `CSV:` plus the `#TYPE` name.
"""
from __future__ import annotations

from typing import Any, Iterator

from emshell.cmdlets.filesystem import decode_lines, guarded, resolve_all
from emshell.engine import conversion as conv
from emshell.engine import members
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import Hashtable, PSCustomObject, to_string, type_names
from emshell.engine.types import resolve_type
from emshell.lab import paths

_UTILITY = "Microsoft.PowerShell.Commands."
_ENCODINGS = ("unicode", "utf7", "utf8", "utf32", "ascii", "bigendianunicode", "default", "oem")
_CHAR = resolve_type("System.Char")  # -Delimiter is a [char]: "';;'" fails to bind, as in PowerShell
_LIST_SEPARATOR = ","  # en-US TextInfo.ListSeparator, what -UseCulture uses


def _delimiter_params(position: int | None) -> tuple[Param, ...]:
    """-Delimiter and -UseCulture (2.0) are alternatives: one parameter set each."""
    return (
        Param("Delimiter", _CHAR, position=position, sets=("Delimiter",), display_type="Char",
              help="The character between values (default a comma)."),
        Param("UseCulture", Switch, mandatory=True, sets=("UseCulture",),
              help="Uses the culture's list separator (a comma in en-US) as the delimiter."),
    )


# -- writing ----------------------------------------------------------------------------------------------
def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, Hashtable)):
        return type_names(value)[0]  # .NET's ToString of a collection is its type name
    return to_string(value)


def _quoted(texts: list[str], delimiter: str) -> str:
    return delimiter.join('"' + text.replace('"', '""') + '"' for text in texts)


class _CsvWriter:
    """The lines for a stream of objects; the first object fixes the columns."""

    def __init__(self, delimiter: str, type_information: bool) -> None:
        self.delimiter, self.type_information = delimiter, type_information
        self.columns: list[str] | None = None

    def lines(self, value: Any) -> list[str]:
        out: list[str] = []
        if self.columns is None:
            self.columns = members.property_names(value)
            if self.type_information:
                out.append("#TYPE " + type_names(value)[0])
            out.append(_quoted(self.columns, self.delimiter))
        # A property whose getter throws is written empty (.NET's ToString guarded, as PowerShell does).
        cells = [_field(members.get_property_or_null(value, name)) for name in self.columns]
        out.append(_quoted(cells, self.delimiter))
        return out


# -- reading ----------------------------------------------------------------------------------------------
def _records(text: str, delimiter: str) -> Iterator[list[str | None]]:
    """The rows of CSV text, read as leniently as PowerShell reads them: blanks before a field
    are skipped; a quote opens a quoted field only as its first character (elsewhere it is text);
    a quoted field may hold delimiters, line breaks and doubled quotes, and text after its closing
    quote is kept unless it is only blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    row: list[str | None] = []
    field: list[str] = []
    in_quotes = False
    closed_at: int | None = None  # where the text after a closing quote starts in `field`

    def finish() -> None:
        nonlocal field, closed_at
        if closed_at is not None and not "".join(field[closed_at:]).strip(" \t"):
            del field[closed_at:]
        row.append("".join(field))
        field, closed_at = [], None

    i = 0
    while i < len(text):
        char = text[i]
        if in_quotes:
            if char == '"' and text[i + 1:i + 2] == '"':
                field.append('"')
                i += 1
            elif char == '"':
                in_quotes, closed_at = False, len(field)
            else:
                field.append(char)
        elif char == '"' and not field and closed_at is None:
            in_quotes = True
        elif char in " \t" and not field and closed_at is None:
            pass  # blanks before a field
        elif char == delimiter:
            finish()
        elif char == "\n":
            finish()
            yield row
            row = []
        else:
            field.append(char)
        i += 1
    if field or closed_at is not None:
        finish()
    if row:  # (a delimiter at the very end adds no empty field)
        yield row


class DuplicateColumn(Exception):
    """Two columns of one name: PowerShell cannot add the second note property."""


def objects_from_csv(text: str, delimiter: str, header: list[str] | None) -> Iterator[PSCustomObject]:
    """One object per row; the first line may be `#TYPE name`, the next the header (unless given)."""
    type_name: str | None = None
    columns = _checked(header) if header is not None else None
    for index, row in enumerate(_records(text, delimiter)):
        if index == 0 and (row[0] or "").startswith("#"):  # a first `#` line is no data
            line = delimiter.join(cell or "" for cell in row)
            type_name = line[5:].strip() or None if line.lower().startswith("#type") else None
        elif row == [""]:
            continue  # a blank line is no record
        elif columns is None:
            columns = _checked([cell or "" for cell in row])
        else:
            yield _object(columns, row, type_name)


def _checked(columns: list[str]) -> list[str]:
    seen: set[str] = set()
    for name in columns:
        if name and name.lower() in seen:  # empty names are not compared
            raise DuplicateColumn(f'The member "{name}" is already present.')
        seen.add(name.lower())
    return columns


def _object(columns: list[str], row: list[str | None], type_name: str | None) -> PSCustomObject:
    values = row + [None] * (len(columns) - len(row))
    item = PSCustomObject(list(zip(columns, values)))
    if type_name:
        item.ps_add_type_name("CSV:" + type_name)
    return item


# -- cmdlets ----------------------------------------------------------------------------------------------
def _emit_rows(cmdlet: Cmdlet, text: str, header: list[str] | None) -> None:
    """Import-Csv and ConvertFrom-Csv: the objects, or the terminating error of a repeated column."""
    try:
        cmdlet.write_objects(list(objects_from_csv(text, _delimiter(cmdlet), header)))
    except DuplicateColumn as error:
        cmdlet.throw_terminating(str(error), "AlreadyPresentPSMemberInfoInternalCollectionAdd", "NotSpecified",
                                 exception_type="ExtendedTypeSystemException")


def _delimiter(cmdlet: Cmdlet) -> str:
    if cmdlet.UseCulture:
        return _LIST_SEPARATOR
    return cmdlet.Delimiter if cmdlet.Delimiter is not None else ","


class ExportCsv(Cmdlet):
    name = "Export-Csv"
    dotnet_class = _UTILITY + "ExportCsvCommand"
    synopsis = "Converts Microsoft .NET Framework objects into a series of comma-separated value (CSV) variable-" \
               "length strings and saves the strings in a CSV file."
    description = ("Writes one line per input object to a file: a #TYPE line naming the first object's type "
                   "(left out with -NoTypeInformation), a header of its property names, then each object's "
                   "values in double quotes. The file is ASCII unless -Encoding says otherwise.")
    supports_should_process = True
    parameters = (
        Param("Path", str, position=0, mandatory=True, help="The file to write."),
        Param("InputObject", object, mandatory=True, pipeline=True, display_type="PSObject",
              help="The objects to export."),
        Param("Force", Switch, help="Overwrites a read-only file."),
        Param("NoClobber", Switch, help="Does not overwrite an existing file."),
        Param("Encoding", str, validate_set=_ENCODINGS, help="The file's encoding (default ASCII)."),
        Param("NoTypeInformation", Switch, help="Leaves out the #TYPE line."),
    ) + _delimiter_params(1)
    default_set = "Delimiter"
    examples = (Example("Get-ExchangeCertificate | Export-Csv c:\\certs.csv -NoTypeInformation",
                        "Saves the certificates' properties to a CSV file."),)

    def begin(self) -> None:
        self.writer = _CsvWriter(_delimiter(self), not self.NoTypeInformation)
        self.lines: list[str] = []

    def process(self) -> None:
        if self.InputObject is not None:
            self.lines += self.writer.lines(self.InputObject)

    def end(self) -> None:
        from emshell.cmdlets.files import write_text_file

        write_text_file(self, self.Path, "".join(line + "\r\n" for line in self.lines), self.Encoding or "ascii",
                        no_clobber=bool(self.NoClobber), action=None)


class ConvertToCsv(Cmdlet):
    name = "ConvertTo-Csv"
    dotnet_class = _UTILITY + "ConvertToCsvCommand"
    synopsis = "Converts .NET Framework objects into a series of comma-separated value (CSV) variable-length " \
               "strings."
    description = "Returns the lines Export-Csv would write (PowerShell 2.0)."
    parameters = (
        Param("InputObject", object, position=0, mandatory=True, pipeline=True, display_type="PSObject",
              help="The objects to convert."),
        Param("NoTypeInformation", Switch, help="Leaves out the #TYPE line."),
    ) + _delimiter_params(1)
    default_set = "Delimiter"
    examples = (Example("Get-Service W3SVC | ConvertTo-Csv -NoTypeInformation", "Shows a service as CSV."),)

    def begin(self) -> None:
        self.writer = _CsvWriter(_delimiter(self), not self.NoTypeInformation)

    def process(self) -> None:
        if self.InputObject is not None:
            self.write_objects(self.writer.lines(self.InputObject))


class ImportCsv(Cmdlet):
    name = "Import-Csv"
    dotnet_class = _UTILITY + "ImportCsvCommand"
    synopsis = "Converts object properties in a comma-separated value (CSV) file into CSV versions of the " \
               "original objects."
    description = ("Reads a CSV file and returns one object per row, with a string property per column named by "
                   "the header line (or -Header).")
    parameters = (
        Param("Path", list[str], position=0, mandatory=True, pipeline=True, pipeline_by_name=True,
              aliases=("PSPath",), help="The files to read."),
        Param("Header", list[str], help="Column names to use instead of the file's header line."),
    ) + _delimiter_params(1)
    default_set = "Delimiter"
    examples = (Example("Import-Csv c:\\users.csv | ForEach-Object { $_.Name }", "Reads a name column."),)

    def process(self) -> None:
        header = [to_string(h) for h in conv.to_list(self.Header)] if self.Header is not None else None
        for path in resolve_all(self, conv.to_list(self.Path), False, "FileOpenFailure"):
            data = guarded(self, "FileOpenFailure", lambda path=path: paths.read_bytes(path))
            if data is not None:
                _emit_rows(self, "\n".join(decode_lines(data, "Default")), header)


class ConvertFromCsv(Cmdlet):
    name = "ConvertFrom-Csv"
    dotnet_class = _UTILITY + "ConvertFromCsvCommand"
    synopsis = "Converts object properties in comma-separated value (CSV) format into CSV versions of the " \
               "original objects."
    description = "Reads CSV lines from the pipeline as Import-Csv reads a file (PowerShell 2.0)."
    parameters = (
        Param("InputObject", list[str], position=0, mandatory=True, pipeline=True, help="The CSV lines."),
        Param("Header", list[str], help="Column names to use instead of the first line."),
    ) + _delimiter_params(1)
    default_set = "Delimiter"
    examples = (Example("'Name,Role', 'CAS01,ClientAccess' | ConvertFrom-Csv", "Makes one object."),)

    def begin(self) -> None:
        self.collected: list[str] = []

    def process(self) -> None:
        self.collected += [to_string(line) for line in conv.to_list(self.InputObject)]

    def end(self) -> None:
        header = [to_string(h) for h in conv.to_list(self.Header)] if self.Header is not None else None
        _emit_rows(self, "\n".join(self.collected), header)


CMDLETS = (ExportCsv, ImportCsv, ConvertToCsv, ConvertFromCsv)
ALIASES = {"epcsv": "Export-Csv", "ipcsv": "Import-Csv"}
