"""Declarative cmdlets, modelled on PowerShell's `[Cmdlet]` and `[Parameter]` attributes.

A cmdlet is a class with a name, a tuple of `Param` declarations and `begin/process/end`
methods. Binding, `Get-Help`, `Get-Command -Syntax` and the binder's error texts all come from
the declarations. Cmdlets read their bound parameters as attributes (`self.Thumbprint`) and
emit objects with `write_object`; they never format text.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

from emshell.engine.errors import ErrorRecord, TerminatingError
from emshell.engine.objects import Hashtable, PSEnum, PSFlags, SecureString

if TYPE_CHECKING:
    from emshell.engine.pipeline import CommandContext


class Switch:
    """Type marker for [switch] parameters."""


class PSCredentialType:
    """Type marker for [PSCredential] parameters (the class lives in cmdlets.security)."""


class ScriptBlockParam:
    """Type marker for [scriptblock] parameters."""


@dataclass(frozen=True)
class Param:
    """One parameter: PowerShell's [Parameter()] + [Alias()] + type, as data."""

    name: str
    type: Any = str
    position: int | None = None
    mandatory: bool = False
    sets: tuple[str, ...] = ()  # () = every parameter set
    aliases: tuple[str, ...] = ()
    pipeline: bool = False  # ValueFromPipeline
    pipeline_by_name: bool = False  # ValueFromPipelineByPropertyName
    remaining: bool = False  # ValueFromRemainingArguments
    help: str = ""
    display_type: str | None = None  # type name shown by Get-Help when it differs from the .NET one
    validate_set: tuple[str, ...] = ()
    validate_range: tuple[int, int] | None = None  # [ValidateRange(low, high)]
    allow_empty: bool = False  # [AllowNull][AllowEmptyString][AllowEmptyCollection] on a mandatory one
    common: bool = False

    @property
    def is_switch(self) -> bool:
        return self.type is Switch

    def in_set(self, set_name: str) -> bool:
        return not self.sets or set_name in self.sets


@dataclass(frozen=True)
class Example:
    code: str
    remarks: str


def dotnet_type_name(spec: Any) -> str:
    """The .NET full type name of a parameter type spec (error texts use it)."""
    origin = typing.get_origin(spec)
    if origin in (list, tuple):
        (element,) = typing.get_args(spec) or (object,)
        return dotnet_type_name(element) + "[]"
    names = {
        str: "System.String", int: "System.Int32", float: "System.Double", bool: "System.Boolean",
        object: "System.Object", datetime: "System.DateTime", Switch: "System.Management.Automation.SwitchParameter",
        SecureString: "System.Security.SecureString", Hashtable: "System.Collections.Hashtable",
        PSCredentialType: "System.Management.Automation.PSCredential",
        ScriptBlockParam: "System.Management.Automation.ScriptBlock", bytes: "System.Byte[]",
    }
    if spec in names:
        return names[spec]
    if isinstance(spec, type) and issubclass(spec, (PSEnum, PSFlags)):
        return spec.ps_type_name()
    return getattr(spec, "__ps_type__", "System.Object")


def syntax_type_name(param: Param) -> str:
    """How the syntax line writes the type: `<String>`, `<String[]>`, `<SwitchParameter>`, enum values."""
    if param.display_type:
        return param.display_type
    spec = param.type
    if isinstance(spec, type) and issubclass(spec, (PSEnum, PSFlags)):
        return " | ".join(spec.__members__)
    return dotnet_type_name(spec).rsplit(".", 1)[-1]


class ActionPreference(PSEnum):
    """-ErrorAction / -WarningAction (`-ea 0` is SilentlyContinue)."""

    __ps_type__ = "System.Management.Automation.ActionPreference"
    SilentlyContinue = 0
    Stop = 1
    Continue = 2
    Inquire = 3


COMMON_PARAMETERS: tuple[Param, ...] = (
    Param("Verbose", Switch, aliases=("vb",), common=True),
    Param("Debug", Switch, aliases=("db",), common=True),
    Param("ErrorAction", ActionPreference, aliases=("ea",), common=True),
    Param("WarningAction", ActionPreference, aliases=("wa",), common=True),
    Param("ErrorVariable", str, aliases=("ev",), common=True),
    Param("WarningVariable", str, aliases=("wv",), common=True),
    Param("OutVariable", str, aliases=("ov",), common=True),
    Param("OutBuffer", int, aliases=("ob",), common=True),
)
SHOULD_PROCESS_PARAMETERS: tuple[Param, ...] = (
    Param("WhatIf", Switch, aliases=("wi",), common=True),
    Param("Confirm", Switch, aliases=("cf",), common=True),
)


class StopUpstream(Exception):
    """Raised through the upstream commands' calls by `Cmdlet.stop_upstream`; the pipeline that
    runs `context`'s command catches it."""

    def __init__(self, context: "CommandContext") -> None:
        super().__init__()
        self.context = context


class Cmdlet:
    """Base class of every cmdlet. Subclasses set the class attributes and override the blocks."""

    name: ClassVar[str] = ""
    parameters: ClassVar[tuple[Param, ...]] = ()
    default_set: ClassVar[str | None] = None
    dotnet_class: ClassVar[str] = ""
    synopsis: ClassVar[str] = ""
    description: ClassVar[str] = ""
    examples: ClassVar[tuple[Example, ...]] = ()
    supports_should_process: ClassVar[bool] = False
    confirm_impact: ClassVar[str] = "Medium"  # "High" asks by default ($ConfirmPreference = High)
    output_type: ClassVar[str] = ""

    def __init__(self, context: "CommandContext") -> None:
        self.context = context
        self.bound: dict[str, Any] = {}
        self.parameter_set = ""
        for param in self.all_parameters():
            setattr(self, param.name, False if param.is_switch else None)

    # -- declarations -------------------------------------------------------------------
    @classmethod
    def all_parameters(cls) -> tuple[Param, ...]:
        extra = SHOULD_PROCESS_PARAMETERS if cls.supports_should_process else ()
        return cls.parameters + COMMON_PARAMETERS + extra

    @classmethod
    def parameter_sets(cls) -> list[str]:
        names: list[str] = []
        for param in cls.parameters:
            for set_name in param.sets:
                if set_name not in names:
                    names.append(set_name)
        return names or ["__AllParameterSets"]

    # -- blocks ---------------------------------------------------------------------------
    def begin(self) -> None:
        pass

    def process(self) -> None:
        pass

    def end(self) -> None:
        pass

    # -- services -------------------------------------------------------------------------
    @property
    def session(self) -> Any:
        return self.context.session

    @property
    def lab(self) -> Any:
        return self.context.session.lab

    @property
    def computer(self) -> str:
        return self.context.session.computer

    def write_object(self, value: Any, enumerate_collection: bool = False) -> None:
        if enumerate_collection and isinstance(value, (list, tuple)):
            for item in value:
                self.context.emit(item)
        else:
            self.context.emit(value)

    def stop_upstream(self) -> None:
        """This command needs no more input: the commands before it in its pipeline stop (PowerShell
        3.0's StopUpstreamCommandsException); it and the commands after it finish normally."""
        raise StopUpstream(self.context)

    def write_objects(self, values: Iterable[Any]) -> None:
        for value in values:
            self.context.emit(value)

    def error_record(self, message: str, error_id: str, category: str = "NotSpecified", target: Any = None,
                     exception_type: str = "InvalidOperationException") -> ErrorRecord:
        """An error record of this command, positioned at its invocation."""
        return self.context.make_error(message, error_id, category, target, exception_type)

    def write_error(self, message: str, error_id: str, category: str = "NotSpecified", target: Any = None,
                    exception_type: str = "InvalidOperationException") -> None:
        self.context.write_error(self.error_record(message, error_id, category, target, exception_type))

    def throw_terminating(self, message: str, error_id: str, category: str = "NotSpecified", target: Any = None,
                          exception_type: str = "InvalidOperationException") -> typing.NoReturn:
        raise TerminatingError(self.error_record(message, error_id, category, target, exception_type))

    def write_warning(self, text: str) -> None:
        self.context.write_warning(text)

    def write_verbose(self, text: str) -> None:
        self.context.write_verbose(text)

    def write_debug(self, text: str) -> None:
        self.context.write_debug(text)

    def should_process(self, target: str, action: str | None = None, what_if_text: str | None = None) -> bool:
        """-WhatIf prints and returns False; -Confirm (or High impact) asks (§B8)."""
        return self.context.should_process(self, target, action or self.name, what_if_text)

    def should_continue(self, query: str, caption: str = "Confirm") -> bool:
        return self.context.should_continue(query, caption)

    def invoke_script(self, block: Any, dollar_under: Any = None, args: tuple = ()) -> list:
        """Run a script block in the caller's scope with $_ set (Where-Object, ForEach-Object)."""
        return self.context.session.invoke_script_block(block, dollar_under=dollar_under, args=args,
                                                        new_scope=False)


@dataclass
class CmdletInfo:
    """A command table entry."""

    name: str
    command_type: str  # Cmdlet, Alias, Function, Filter, Application, ExternalScript
    implementation: Any = None
    definition: str = ""
    module: str = ""
    extra: dict = field(default_factory=dict)
