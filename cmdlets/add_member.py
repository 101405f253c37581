"""Add-Member (Utility): give one object a note, alias or script property, or a script method.

PowerShell 1.0's syntax: -MemberType, -Name, -Value and -SecondValue by position. The properties
sit among the object's note properties (`objects.ExtendedMember`), so `$x.Name`, the formatters,
Get-Member, Select-Object and Export-Csv see them like any other; a script property or method runs
its script block with `$this` set to the object, in the scope of whoever reads or calls it.
"""
from __future__ import annotations

from typing import Any, Callable

from emshell.cmdlets.reflection import PSMemberTypes
from emshell.engine import conversion as conv
from emshell.engine import members, types
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.errors import PSError
from emshell.engine.objects import ExtendedMember, PSObject, type_name

_UTILITY = "Microsoft.PowerShell.Commands."
_ADDABLE = ("NoteProperty", "AliasProperty", "ScriptProperty", "ScriptMethod")
_REFUSED = ("Property", "Method", "ParameterizedProperty")  # PowerShell itself cannot add these
_OBJECT_METHODS = ("Equals", "GetHashCode", "GetType", "ToString")  # every object has them


def _single(output: list) -> Any:
    """A script block's output as a property value: one object, an array, or $null."""
    return output[0] if len(output) == 1 else (output or None)


def _message(error: Exception) -> str:
    return error.record.message if isinstance(error, PSError) else str(error)


# -- the members ---------------------------------------------------------------------------------------------
class ScriptProperty(ExtendedMember):
    """`{get=...;set=...;}`: the getter's output is the value; the setter gets the new value as $args[0]."""

    member_type = "ScriptProperty"

    def __init__(self, session: Any, name: str, getter: Any, setter: Any) -> None:
        self.session, self.name, self.getter, self.setter = session, name, getter, setter

    def get(self, owner: PSObject) -> Any:
        if self.getter is None:
            return None
        try:
            return _single(self.session.invoke_script_block(self.getter, this=owner))
        except PSError as error:  # .NET wraps it in a GetValueInvocationException
            raise members.MemberError(f'Exception getting "{self.name}": "{_message(error)}"',
                                      "ScriptGetValueInvocationException") from None

    def set(self, owner: PSObject, value: Any) -> None:
        if self.setter is None:
            raise members.MemberError(f'Set accessor for property "{self.name}" is unavailable.',
                                      "SetWithoutSetterFromScriptProperty")
        try:
            self.session.invoke_script_block(self.setter, args=(value,), this=owner)
        except PSError as error:
            raise members.MemberError(f'Exception setting "{self.name}": "{_message(error)}"',
                                      "ScriptSetValueInvocationException") from None

    def definition(self, name: str) -> str:
        getter = f"get={self.getter.text};" if self.getter is not None else ""
        setter = f"set={self.setter.text};" if self.setter is not None else ""
        return f"System.Object {name} {{{getter}{setter}}}"


class AliasProperty(ExtendedMember):
    """Another name for a property, optionally converted to a type (`Server = (System.String)Name`)."""

    member_type = "AliasProperty"

    def __init__(self, name: str, target: str, cast: types.PSType | None) -> None:
        self.name, self.target, self.cast = name, target, cast

    def get(self, owner: PSObject) -> Any:
        value = members.get_property(owner, self.target)
        if self.cast is None:
            return value
        try:
            return self.cast.convert(value)
        except conv.ConversionError as error:
            raise members.MemberError(f'Exception getting "{self.name}": "{error}"',
                                      "CatchFromBaseAdapterGetValue") from None

    def set(self, owner: PSObject, value: Any) -> None:
        members.set_property(owner, self.target, value)

    def definition(self, name: str) -> str:
        cast = f"({self.cast.full_name})" if self.cast is not None else ""
        return f"{name} = {cast}{self.target}"


def script_method(session: Any, name: str, block: Any, owner: PSObject) -> Callable[..., Any]:
    """The callable `$x.Name(args)` runs: the arguments are $args (or the block's param())."""
    def call(*args: Any) -> Any:
        try:
            return _single(session.invoke_script_block(block, args=args, this=owner))
        except PSError as error:  # .NET wraps it in a MethodInvocationException
            raise members.MemberError(f'Exception calling "{name}" with "{len(args)}" argument(s): '
                                      f'"{_message(error)}"', "MethodInvocationException",
                                      "RuntimeException") from None
    return call


# -- the cmdlet -----------------------------------------------------------------------------------------------
class AddMember(Cmdlet):
    name = "Add-Member"
    dotnet_class = _UTILITY + "AddMemberCommand"
    synopsis = "Adds a user-defined custom member to an instance of a Windows PowerShell object."
    description = ("Adds a note property (a value), an alias property (another name for a property, with "
                   "-SecondValue a type to convert it to), a script property (a script block that computes the "
                   "value, with $this as the object; -SecondValue a script block that sets it from $args[0]) or a "
                   "script method to the input object. -PassThru returns the object; -Force replaces a member "
                   "of the same name that was added to the object before.")
    parameters = (
        Param("MemberType", PSMemberTypes, position=0, mandatory=True, aliases=("Type",),
              display_type="PSMemberTypes", help="NoteProperty, AliasProperty, ScriptProperty or ScriptMethod."),
        Param("Name", str, position=1, mandatory=True, help="The name of the new member."),
        Param("Value", object, position=2,
              help="The note's value, the aliased property's name, or the getter or method script block."),
        Param("SecondValue", object, position=3,
              help="The type an alias property converts to, or a script property's setter script block."),
        Param("InputObject", object, mandatory=True, pipeline=True, display_type="PSObject",
              help="The object to add the member to."),
        Param("Force", Switch, help="Replaces a member of the same name that was added before."),
        Param("PassThru", Switch, help="Writes the extended object to the pipeline."),
    )
    examples = (
        Example("$server = New-Object PSObject; $server | Add-Member NoteProperty Name CAS01",
                "Adds a note property Name, with the value CAS01, to a new object."),
        Example("Get-ExchangeCertificate | Add-Member ScriptProperty DaysLeft { ($this.NotAfter - (Get-Date)).Days "
                "} -PassThru | Format-Table Thumbprint, DaysLeft",
                "Adds a computed property to each certificate and shows it."),
        Example("$server | Add-Member AliasProperty ComputerName Name",
                "Makes ComputerName another name for the Name property."),
        Example("$server | Add-Member ScriptMethod Describe { \"$($this.Name) ($($args[0]))\" }",
                "Adds a method; $server.Describe('CAS') then returns 'CAS01 (CAS)'."),
    )

    def process(self) -> None:
        kind = self._member_type()
        target = self.InputObject
        if not isinstance(target, PSObject):
            self.throw_terminating(
                f'emshell cannot add members to a value of type "{type_name(target)}"; add them to an object '
                "(New-Object PSObject, Select-Object output or a cmdlet's output).", "CannotAddMemberToValue",
                "NotImplemented", target, "NotSupportedException")
        member = self._member(kind, target)
        self._make_room(target)
        if kind == "ScriptMethod":
            target.ps_script_methods()[self.Name] = member
        else:
            target.ps_add_note(self.Name, member)
        if self.PassThru:
            self.write_object(target)

    # -- checks, in PowerShell's order: the member type, its values, then the name ----------------------------
    def _member_type(self) -> str:
        value = PSMemberTypes(self.MemberType)
        single = [m.name for m in PSMemberTypes if int(m) & (int(m) - 1) == 0 and value & m]
        if len(single) != 1:
            self.throw_terminating(f'To add a member, only one member type can be specified. The member types '
                                   f'specified are: "{value.ps_to_string()}"', "WrongMemberCount", "InvalidOperation",
                                   exception_type="InvalidOperationException")
        kind = single[0]
        if kind in _REFUSED:
            self.throw_terminating(f'Cannot add a member with type "{kind}". Specify a different type for the '
                                   "MemberTypes parameter.", "CannotAddMemberType", "InvalidOperation",
                                   exception_type="InvalidOperationException")
        if kind not in _ADDABLE:  # CodeProperty, CodeMethod, PropertySet, MemberSet need .NET code or types
            self.throw_terminating(f'emshell cannot add a member of type "{kind}"; it adds NoteProperty, '
                                   "AliasProperty, ScriptProperty and ScriptMethod members.", "CannotAddMemberType",
                                   "NotImplemented", exception_type="NotSupportedException")
        return kind

    def _member(self, kind: str, target: PSObject) -> Any:
        if kind in ("NoteProperty", "ScriptMethod") and "SecondValue" in self.bound:
            self._invalid(f'The SecondValue parameter is not necessary for a member of type "{kind}", and should '
                          "not be specified. Do not specify the SecondValue parameter when you add members of this "
                          "type.", "Value2ShouldNotBeSpecified")
        if kind == "NoteProperty":
            return self.Value
        if kind == "ScriptProperty":
            return self._script_property()
        if "Value" not in self.bound:
            self._invalid(f'The Value parameter is required for a member of type "{kind}". Specify the Value '
                          "parameter when adding members of this type.", "Value1Prompt")
        if self.Value is None:
            self._invalid(f'The Value parameter should not be null for a member of type "{kind}". Specify a non-null '
                          "value for the Value parameter when adding members of this type.", "Value1ShouldNotBeNull")
        if kind == "ScriptMethod":
            return script_method(self.session, self.Name, self._script_block(self.Value), target)
        return AliasProperty(self.Name, conv.expand_string(self.Value), self._cast_type())

    def _script_property(self) -> ScriptProperty:
        if self.Value is None and self.SecondValue is None:
            self._invalid('Both Value and SecondValue parameters should not be null for a member of type '
                          '"ScriptProperty". Specify a non-null value for one of the two parameters.',
                          "Value1AndValue2AreNotBothNull")
        getter = self._script_block(self.Value) if self.Value is not None else None
        setter = self._script_block(self.SecondValue) if self.SecondValue is not None else None
        return ScriptProperty(self.session, self.Name, getter, setter)

    def _make_room(self, target: PSObject) -> None:
        """A name already taken is an error; with -Force an added member (a note too) is replaced."""
        name = self.Name.lower()
        added = [n for n in list(target._notes()) + list(target.ps_script_methods()) if n.lower() == name]
        core = [n for n in (*_OBJECT_METHODS, *target.ps_methods(), *target.PROPERTIES) if n.lower() == name]
        if (added or core) and not (self.Force and added and not core):
            self.throw_terminating(
                f'Cannot add a member with the name "{self.Name}" because a member with that name already exists. '
                "If you want to overwrite the member anyway, use the Force parameter to overwrite it.",
                "MemberAlreadyExists", "InvalidOperation", exception_type="InvalidOperationException")
        for existing in added:
            target._notes().pop(existing, None)
            target.ps_script_methods().pop(existing, None)

    # -- conversions -------------------------------------------------------------------------------------------
    def _script_block(self, value: Any) -> Any:
        from emshell.engine.evaluator import ScriptBlock

        if not isinstance(value, ScriptBlock):
            self._invalid(f'Cannot convert the "{conv.expand_string(value)}" value of type "{type_name(value)}" to '
                          'type "System.Management.Automation.ScriptBlock".', "ConvertToScriptBlock",
                          "PSInvalidCastException", value)
        return value

    def _cast_type(self) -> types.PSType | None:
        value = self.SecondValue
        if value is None:
            return None
        if isinstance(value, types.TypeValue):
            return value.type
        try:
            return types.resolve_type(conv.expand_string(value))
        except types.UnknownType:
            self._invalid(f'Cannot convert the "{conv.expand_string(value)}" value of type "{type_name(value)}" to '
                          'type "System.Type".', "ConvertToType", "PSInvalidCastException", value)

    def _invalid(self, message: str, error_id: str, exception_type: str = "PSArgumentException",
                 target: Any = None) -> None:
        self.throw_terminating(message, error_id, "InvalidArgument", target, exception_type)


CMDLETS = (AddMember,)
ALIASES: dict[str, str] = {}
