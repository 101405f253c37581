"""Error records and the exceptions that carry them.

An `ErrorRecord` is PowerShell's error object: message, error id, category, target,
the invoking command and the script position. Rendering (the PowerShell 1.0 layout)
lives in `emshell.formatting.messages`; this module only holds data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from emshell.engine.objects import PSObject, short_type_name, to_string

# ErrorCategory names as PowerShell prints them in CategoryInfo.
CATEGORIES = (
    "NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected",
    "InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType",
    "MetadataError", "NotImplemented", "NotInstalled", "ObjectNotFound", "OperationStopped",
    "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied", "ResourceBusy",
    "ResourceExists", "ResourceUnavailable", "ReadError", "WriteError", "FromStdErr",
    "SecurityError",
)


@dataclass
class ScriptPosition:
    """Where an error happened: `At <file or 'line'>:<line> char:<column>`.

    `column` is the 1-based `char:` value. `marker` is the number of characters of
    `line_text` printed before PowerShell 1.0's ` <<<< ` marker.
    """

    line_number: int
    column: int
    line_text: str
    marker: int
    file: str | None = None


@dataclass
class ErrorRecord(PSObject):
    message: str
    error_id: str = "RuntimeException"
    category: str = "NotSpecified"
    target: Any = None
    exception_type: str = "RuntimeException"
    command_name: str | None = None  # the name as invoked: the "Name : " prefix
    command_class: str | None = None  # .NET class, for FullyQualifiedErrorId
    position: ScriptPosition | None = None
    is_parse_error: bool = False
    extra: dict = field(default_factory=dict)
    inner: "ExceptionInfo | None" = None  # the .NET exception a method call or operator threw

    TYPE_NAMES = ("System.Management.Automation.ErrorRecord", "System.Object")
    PROPERTIES = ("Exception", "TargetObject", "CategoryInfo", "FullyQualifiedErrorId", "InvocationInfo")

    @property
    def FullyQualifiedErrorId(self) -> str:
        if self.command_class:
            return f"{self.error_id},{self.command_class}"
        return self.error_id

    @property
    def TargetObject(self) -> Any:
        return self.target

    @property
    def Exception(self) -> "ExceptionInfo":
        return ExceptionInfo(self.exception_type, self.message, self.inner)

    @property
    def CategoryInfo(self) -> str:
        if self.target is None:
            target = ":"
        else:
            target = f"{to_string(self.target)}:{short_type_name(self.target)}"
        return f"{self.category}: ({target}) [{self.command_name or ''}], {self.exception_type}"

    @property
    def InvocationInfo(self) -> Any:
        """Where the error happened (no MyCommand: the record keeps only the command's name)."""
        if self.position is None or self.is_parse_error:
            return None
        from emshell.engine.invocation import InvocationInfo

        return InvocationInfo(None, self.command_name or "", self.position)

    def ps_to_string(self) -> str:
        return self.message


# The namespaces of the exception types error records name by their short names; the rest are
# in `System`.
_EXCEPTION_NAMESPACES = {
    "System.Management.Automation": (
        "ActionPreferenceStopException", "CommandNotFoundException", "DriveNotFoundException",
        "HelpNotFoundException", "ItemNotFoundException", "MethodException", "MethodInvocationException",
        "ParameterBindingException", "ParameterBindingValidationException", "ParentContainsErrorRecordException",
        "ParseException",
        "PropertyAssignmentException", "PSArgumentException", "PSInvalidCastException",
        "PSInvalidOperationException", "RuntimeException", "ScriptCallDepthException", "SessionStateException",
        "SessionStateUnauthorizedAccessException"),
    "System.Management.Automation.Remoting": ("PSRemotingTransportException",),
    "System.IO": ("IOException", "FileNotFoundException", "DirectoryNotFoundException", "PathTooLongException"),
    "System.Net": ("WebException",),
    "System.Net.Sockets": ("SocketException",),
    "System.ComponentModel": ("Win32Exception",),
    "System.Runtime.InteropServices": ("COMException", "ExternalException"),
    "System.Security.Cryptography": ("CryptographicException",),
    "Microsoft.PowerShell.Commands": ("ServiceCommandException", "WriteErrorException",
                                      "WebCmdletWebResponseException"),
    "Microsoft.Management.Infrastructure": ("CimJobException",),
}
_EXCEPTION_FULL_NAMES = {name: f"{namespace}.{name}"
                         for namespace, names in _EXCEPTION_NAMESPACES.items() for name in names}


def exception_full_name(short_name: str) -> str:
    if "." in short_name:
        return short_name
    return _EXCEPTION_FULL_NAMES.get(short_name, f"System.{short_name}")


# Base classes of the exception types emshell raises (.NET and System.Management.Automation);
# a type missing here derives from SystemException, as most framework exceptions do.
_EXCEPTION_BASES = {
    "SystemException": "Exception",
    "MethodException": "RuntimeException", "MethodInvocationException": "MethodException",
    "ParseException": "RuntimeException", "CommandNotFoundException": "RuntimeException",
    "SessionStateException": "RuntimeException", "ItemNotFoundException": "SessionStateException",
    "DriveNotFoundException": "SessionStateException",
    "SessionStateUnauthorizedAccessException": "SessionStateException",
    "ParameterBindingException": "RuntimeException",
    "ParameterBindingValidationException": "ParameterBindingException",
    "PropertyAssignmentException": "RuntimeException", "ActionPreferenceStopException": "RuntimeException",
    "PSRemotingTransportException": "RuntimeException",
    "PSInvalidCastException": "InvalidCastException", "PSArgumentException": "ArgumentException",
    "PSInvalidOperationException": "InvalidOperationException", "WebException": "InvalidOperationException",
    "DivideByZeroException": "ArithmeticException", "OverflowException": "ArithmeticException",
    "ArgumentOutOfRangeException": "ArgumentException", "ArgumentNullException": "ArgumentException",
    "FileNotFoundException": "IOException", "DirectoryNotFoundException": "IOException",
    "PathTooLongException": "IOException",
    "COMException": "ExternalException", "Win32Exception": "ExternalException",
    "SocketException": "Win32Exception",
}


def exception_chain(type_name: str) -> list[str]:
    """A type's short name and those of its base classes, down to Exception."""
    name = type_name.rsplit(".", 1)[-1]
    chain = [name]
    while name != "Exception":
        name = _EXCEPTION_BASES.get(name, "SystemException")
        chain.append(name)
    return chain


@dataclass
class ExceptionInfo(PSObject):
    """`$error[0].Exception`: type name, Message and the exception it wraps."""

    type_short_name: str
    Message: str
    InnerException: "ExceptionInfo | None" = None

    PROPERTIES = ("Message", "InnerException")
    DEFAULT_DISPLAY = ("Message",)

    def ps_type_names(self) -> tuple[str, ...]:
        return tuple(exception_full_name(name) for name in exception_chain(self.type_short_name)) + \
            ("System.Object",)

    def ps_to_string(self) -> str:
        return f"{exception_full_name(self.type_short_name)}: {self.Message}"


class PSError(Exception):
    """Base of exceptions that carry an ErrorRecord."""

    def __init__(self, record: ErrorRecord) -> None:
        super().__init__(record.message)
        self.record = record


class TerminatingError(PSError):
    """Stops the current statement (ThrowTerminatingError) or, when `script_terminating`, the
    whole script unless trapped (`throw`, `-ErrorAction Stop`)."""

    def __init__(self, record: ErrorRecord, script_terminating: bool = False, stopped: bool = False) -> None:
        super().__init__(record)
        self.script_terminating = script_terminating
        self.stopped = stopped  # a non-terminating error made terminating by -ErrorAction Stop
        self.undone = False  # the failing call was rolled back, or the error came from downstream

    def reported(self) -> ErrorRecord:
        """The record an uncaught error is shown as: an error stopped by the preference is wrapped
        in ActionPreferenceStopException's text (catch and trap see the error itself)."""
        if not self.stopped:
            return self.record
        record = self.record
        return ErrorRecord(
            f'Command execution stopped because the shell variable "ErrorActionPreference" is set to Stop: '
            f"{record.message}", error_id="ActionPreferenceStop", category="OperationStopped",
            target=record.target, exception_type="ActionPreferenceStopException", command_name=record.command_name,
            command_class=record.command_class, position=record.position)


def exception_matches(error: TerminatingError, names: list[str]) -> bool:
    """Whether `catch [T]` / `trap [T]` handles the error: T is the error's exception type or a
    base of it, or of the exception it wraps (PowerShell unwraps the RuntimeException around a
    .NET exception from a method call or an operator), or, for an error stopped by
    -ErrorAction Stop, ActionPreferenceStopException."""
    record = error.record
    types = exception_chain(record.exception_type)
    if record.inner is not None:
        types += exception_chain(record.inner.type_short_name)
    if error.stopped:
        types += exception_chain("ActionPreferenceStopException")
    available = {name.lower() for name in types}
    return any(name.rsplit(".", 1)[-1].lower() in available for name in names)


class ParseError(PSError):
    """The text did not parse. `incomplete` means more input could complete it (REPL `>> `)."""

    def __init__(self, record: ErrorRecord, incomplete: bool = False) -> None:
        super().__init__(record)
        self.incomplete = incomplete
