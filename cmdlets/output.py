"""Output cmdlets: Write-*, Format-Table/List, Out-Default/Host/Null/String/File."""
from __future__ import annotations

from typing import Any

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch

_UTILITY = "Microsoft.PowerShell.Commands."


class WriteOutput(Cmdlet):
    name = "Write-Output"
    dotnet_class = _UTILITY + "WriteOutputCommand"
    synopsis = "Sends the specified objects to the next command in the pipeline."
    parameters = (Param("InputObject", object, position=0, mandatory=True, pipeline=True, remaining=True),)

    def process(self) -> None:
        self.write_object(self.InputObject, enumerate_collection=True)


class WriteHost(Cmdlet):
    name = "Write-Host"
    dotnet_class = _UTILITY + "WriteHostCommand"
    synopsis = "Writes customized output to the host."
    parameters = (
        Param("Object", object, position=0, pipeline=True, remaining=True),
        Param("NoNewline", Switch),
        Param("Separator", object),
        Param("ForegroundColor", str),
        Param("BackgroundColor", str),
    )

    def process(self) -> None:
        separator = " " if self.Separator is None else conv.expand_string(self.Separator)
        value = self.Object
        items = value if isinstance(value, list) else ([] if value is None else [value])
        text = separator.join(conv.expand_string(item, separator) for item in items)
        if self.NoNewline:
            self.session.host.write_text(text)
        else:
            self.session.host.write_lines("host", [text])


class WriteWarning(Cmdlet):
    name = "Write-Warning"
    dotnet_class = _UTILITY + "WriteWarningCommand"
    synopsis = "Writes a warning message."
    parameters = (Param("Message", str, position=0, mandatory=True, pipeline=True),)

    def process(self) -> None:
        self.write_warning(self.Message)


class WriteVerbose(Cmdlet):
    name = "Write-Verbose"
    dotnet_class = _UTILITY + "WriteVerboseCommand"
    synopsis = "Writes text to the verbose message stream."
    parameters = (Param("Message", str, position=0, mandatory=True, pipeline=True),)

    def process(self) -> None:
        self.write_verbose(self.Message)


class WriteDebug(Cmdlet):
    name = "Write-Debug"
    dotnet_class = _UTILITY + "WriteDebugCommand"
    synopsis = "Writes a debug message to the console."
    parameters = (Param("Message", str, position=0, mandatory=True, pipeline=True),)

    def process(self) -> None:
        self.write_debug(self.Message)


class WriteError(Cmdlet):
    name = "Write-Error"
    dotnet_class = _UTILITY + "WriteErrorCommand"
    synopsis = "Writes an object to the error stream."
    parameters = (
        Param("Message", str, position=0, mandatory=True, pipeline=True),
        Param("Category", str),
        Param("ErrorId", str),
        Param("TargetObject", object),
    )

    def process(self) -> None:
        record = self.error_record(self.Message, self.ErrorId or "Microsoft.PowerShell.Commands.WriteErrorException",
                                   self.Category or "NotSpecified", self.TargetObject, "WriteErrorException")
        record.command_class = None if self.ErrorId else None
        self.context.write_error(record)


class WriteProgress(Cmdlet):
    """Progress bars are not part of a transcript; the record is accepted and dropped."""

    name = "Write-Progress"
    dotnet_class = _UTILITY + "WriteProgressCommand"
    synopsis = "Displays a progress bar within a Windows PowerShell command window."
    parameters = (
        Param("Activity", str, position=0, mandatory=True),
        Param("Status", str, position=1),
        Param("Id", int, position=2),
        Param("PercentComplete", int),
        Param("SecondsRemaining", int),
        Param("CurrentOperation", str),
        Param("ParentId", int),
        Param("Completed", Switch),
    )


class OutNull(Cmdlet):
    name = "Out-Null"
    dotnet_class = _UTILITY + "OutNullCommand"
    synopsis = "Deletes output instead of sending it to the console."
    parameters = (Param("InputObject", object, pipeline=True, display_type="PSObject"),)


class OutDefault(Cmdlet):
    """An explicit Out-Default formats its own input completely (header to trailing blank lines),
    independently of the Out-Default that ends the command line."""

    name = "Out-Default"
    dotnet_class = _UTILITY + "OutDefaultCommand"
    synopsis = "Sends the output to the default formatter and to the default output cmdlet."
    parameters = (Param("InputObject", object, pipeline=True, display_type="PSObject"),)

    def begin(self) -> None:
        from emshell.formatting.out import OutputFormatter

        self.formatter = OutputFormatter(self.session.format_context())

    def process(self) -> None:
        if self.InputObject is not None:
            self._write(self.formatter.feed(self.InputObject))

    def end(self) -> None:
        self._write(self.formatter.close())

    def _write(self, lines: list[str]) -> None:
        if lines:
            self.session.host.write_lines("output", lines)


class OutHost(OutDefault):
    name = "Out-Host"
    dotnet_class = _UTILITY + "OutHostCommand"
    synopsis = "Sends output to the command line."
    parameters = (Param("InputObject", object, pipeline=True, display_type="PSObject"), Param("Paging", Switch))


class _TextOutput(Cmdlet):
    """Shared by Out-String and Out-File: run the formatter at a given width."""

    def begin(self) -> None:
        from emshell.formatting.out import OutputFormatter

        width = self.Width if self.Width else None
        self.formatter = OutputFormatter(self.session.format_context(), columns=(width - 1) if width else None)
        self.lines: list[str] = []

    def process(self) -> None:
        if self.InputObject is not None:
            self.lines += self.formatter.feed(self.InputObject)

    def finish(self) -> list[str]:
        return self.lines + self.formatter.close()


class OutString(_TextOutput):
    name = "Out-String"
    dotnet_class = _UTILITY + "OutStringCommand"
    synopsis = "Sends objects to the host as a series of strings."
    parameters = (
        Param("InputObject", object, pipeline=True, display_type="PSObject"),
        Param("Width", int),
        Param("Stream", Switch),
    )

    def begin(self) -> None:
        super().begin()
        if not self.Width:
            from emshell.formatting.out import OutputFormatter

            # Out-String writes at the host width minus one when there is a host (§C7).
            self.formatter = OutputFormatter(self.session.format_context())

    def end(self) -> None:
        lines = self.finish()
        if self.Stream:
            self.write_objects(lines)
        else:
            self.write_object("".join(line + "\r\n" for line in lines))


class OutFile(_TextOutput):
    name = "Out-File"
    dotnet_class = _UTILITY + "OutFileCommand"
    synopsis = "Sends output to a file."
    supports_should_process = True
    parameters = (
        Param("FilePath", str, position=0, mandatory=True, aliases=("Path",)),
        Param("Encoding", str, position=1, validate_set=("unicode", "utf7", "utf8", "utf32", "ascii",
                                                        "bigendianunicode", "default", "oem")),
        Param("Append", Switch),
        Param("Force", Switch),
        Param("NoClobber", Switch),
        Param("Width", int),
        Param("InputObject", object, pipeline=True, display_type="PSObject"),
    )
    examples = (Example("Get-ExchangeCertificate | Format-List | Out-File c:\\certs.txt",
                        "Writes the certificate list to a file in the lab."),)

    def end(self) -> None:
        from emshell.cmdlets.files import write_text_file

        lines = self.finish()
        write_text_file(self, self.FilePath, "".join(line + "\r\n" for line in lines), self.Encoding or "unicode",
                        append=bool(self.Append), no_clobber=bool(self.NoClobber))


# The parameters every Format-* cmdlet has after its own.
_FORMAT_PARAMETERS = (
    Param("GroupBy", object),
    Param("View", str),
    Param("ShowError", Switch),
    Param("DisplayError", Switch),
    Param("Force", Switch),
    Param("Expand", str),
    Param("InputObject", object, pipeline=True, display_type="PSObject"),
)


class _FormatCmdlet(Cmdlet):
    def begin(self) -> None:
        from emshell.formatting.properties import FormatSpecError

        try:
            self.shaper = self.make_shaper(self.session.format_context())
        except FormatSpecError as error:
            self.throw_terminating(str(error), "DictionaryKeyIllegal", "InvalidArgument",
                                   exception_type="NotSupportedException")

    def process(self) -> None:
        if self.InputObject is not None:
            self.write_objects(self.shaper.feed(self.InputObject))

    def end(self) -> None:
        self.write_objects(self.shaper.close())

    def properties(self) -> list[Any] | None:
        value = self.Property
        if value is None:
            return None
        return value if isinstance(value, list) else [value]


class FormatList(_FormatCmdlet):
    name = "Format-List"
    dotnet_class = _UTILITY + "FormatListCommand"
    synopsis = "Formats the output as a list of properties in which each property appears on a new line."
    description = ("The Format-List cmdlet shows each input object as a list of its properties, one property "
                   "per line: the name on the left, the value on the right. It shows the properties of the "
                   "type's list view, or the ones named with -Property (wildcards and calculated properties "
                   "allowed; format-list * shows them all).\n\nA list gives each value a whole line, so values "
                   "are cut less often than in a table.")
    parameters = (
        Param("Property", object, position=0, display_type="Object[]"),
    ) + _FORMAT_PARAMETERS
    examples = (
        Example("Get-ExchangeCertificate -Thumbprint <thumbprint> | Format-List",
                "Shows every property of the list view of one certificate."),
        Example("Get-ExchangeCertificate | fl Thumbprint,Services,Not*",
                "Shows three properties, the last one a wildcard."),
    )

    def make_shaper(self, ctx: Any) -> Any:
        from emshell.formatting.shape import ListShaper

        return ListShaper(ctx, self.properties(), force=bool(self.Force))


class FormatTable(_FormatCmdlet):
    name = "Format-Table"
    dotnet_class = _UTILITY + "FormatTableCommand"
    synopsis = "Formats the output as a table."
    description = ("Formats the output of a command as a table with the selected properties of the object in "
                   "each column. Without -AutoSize the columns share the console width.")
    parameters = (
        Param("Property", object, position=0, display_type="Object[]"),
        Param("AutoSize", Switch),
        Param("HideTableHeaders", Switch),
        Param("Wrap", Switch),
    ) + _FORMAT_PARAMETERS
    examples = (Example("Get-ExchangeCertificate | ft Thumbprint,Status -AutoSize",
                        "Shows two columns sized to their contents."),)

    def make_shaper(self, ctx: Any) -> Any:
        from emshell.formatting.shape import TableShaper

        return TableShaper(ctx, self.properties(), auto_size=bool(self.AutoSize), wrap=bool(self.Wrap),
                           hide_headers=bool(self.HideTableHeaders), force=bool(self.Force), group_by=self.GroupBy)


class FormatWide(_FormatCmdlet):
    name = "Format-Wide"
    dotnet_class = _UTILITY + "FormatWideCommand"
    synopsis = "Formats objects as a wide table that displays only one property of each object."
    description = ("Shows one value per object (the property named with -Property, or the type's wide view, "
                   "or its first display property) in columns across the console: two columns unless "
                   "-Column says how many, or as many as fit with -AutoSize.")
    parameters = (
        Param("Property", object, position=0),
        Param("AutoSize", Switch),
        Param("Column", int),
    ) + _FORMAT_PARAMETERS
    examples = (Example("Get-ChildItem c:\\ | Format-Wide -Column 3", "Lists the names in three columns."),
                Example("Get-Service | fw -AutoSize", "Fits as many service names on a line as the width allows."))

    def make_shaper(self, ctx: Any) -> Any:
        from emshell.formatting.shape import WideShaper

        return WideShaper(ctx, self.Property, self.Column, auto_size=bool(self.AutoSize), force=bool(self.Force))


CMDLETS = (WriteOutput, WriteHost, WriteWarning, WriteVerbose, WriteDebug, WriteError, WriteProgress, OutNull,
           OutDefault, OutHost, OutString, OutFile, FormatList, FormatTable, FormatWide)
ALIASES = {"echo": "Write-Output", "write": "Write-Output", "fl": "Format-List", "ft": "Format-Table", "fw": "Format-Wide",
           "oh": "Out-Host"}
