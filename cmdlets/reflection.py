"""Get-Member and New-Object: what an object is made of, and making new ones.

Get-Member lists a value's members as PowerShell 1.0 does: .NET methods (property accessors such as
`get_Length` included), parameterized properties, properties and note properties, sorted by member
type and name, one group per type. .NET types the scripts commonly inspect have their reflected
member list as data below; other values are described from what the engine models.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from emshell.engine import conversion as conv
from emshell.engine import members, operators
from emshell.engine.arraylist import ArrayList
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.errors import ExceptionInfo, TerminatingError
from emshell.engine.objects import (
    ExtendedMember, Hashtable, PSCustomObject, PSFlags, PSObject, to_string, type_name,
)
from emshell.formatting.views import GroupBy, TableColumn, TableView, register_view

_UTILITY = "Microsoft.PowerShell.Commands."


class MemberDefinition(PSObject):
    TYPE_NAMES = (_UTILITY + "MemberDefinition", "System.Object")
    PROPERTIES = ("TypeName", "Name", "MemberType", "Definition")

    def __init__(self, type_name_: str, name: str, member_type: str, definition: str) -> None:
        self.TypeName = type_name_
        self.Name = name
        self.MemberType = member_type
        self.Definition = definition

    def ps_to_string(self) -> str:
        return self.Definition


register_view(_UTILITY + "MemberDefinition", TableView((
    TableColumn("Name", "Name"), TableColumn("MemberType", "MemberType"), TableColumn("Definition", "Definition"),
), auto_size=True, group_by=GroupBy("TypeName", "TypeName")))

# -- reflected .NET 2.0 members (PowerShell 1.0 writes the return type in full, parameter types short) -----
_OBJECT_METHODS = (
    ("Equals", "System.Boolean Equals(Object obj)"),
    ("GetHashCode", "System.Int32 GetHashCode()"),
    ("GetType", "System.Type GetType()"),
    ("ToString", "System.String ToString()"),
)
_STRING_METHODS = (
    ("Clone", "System.Object Clone()"),
    ("CompareTo", "System.Int32 CompareTo(Object value), System.Int32 CompareTo(String strB)"),
    ("Contains", "System.Boolean Contains(String value)"),
    ("CopyTo", "System.Void CopyTo(Int32 sourceIndex, Char[] destination, Int32 destinationIndex, Int32 count)"),
    ("EndsWith", "System.Boolean EndsWith(String value), System.Boolean EndsWith(String value, StringComparison "
                 "comparisonType), System.Boolean EndsWith(String value, Boolean ignoreCase, CultureInfo culture)"),
    ("Equals", "System.Boolean Equals(Object obj), System.Boolean Equals(String value), System.Boolean "
               "Equals(String value, StringComparison comparisonType)"),
    ("get_Chars", "System.Char get_Chars(Int32 index)"),
    ("get_Length", "System.Int32 get_Length()"),
    ("GetEnumerator", "System.CharEnumerator GetEnumerator()"),
    ("GetHashCode", "System.Int32 GetHashCode()"),
    ("GetType", "System.Type GetType()"),
    ("GetTypeCode", "System.TypeCode GetTypeCode()"),
    ("IndexOf", "System.Int32 IndexOf(Char value, Int32 startIndex, Int32 count), System.Int32 IndexOf(Char "
                "value, Int32 startIndex), System.Int32 IndexOf(String value), System.Int32 IndexOf(String value, "
                "Int32 startIndex), System.Int32 IndexOf(String value, Int32 startIndex, Int32 count), System.Int32 "
                "IndexOf(String value, StringComparison comparisonType), System.Int32 IndexOf(String value, Int32 "
                "startIndex, StringComparison comparisonType), System.Int32 IndexOf(String value, Int32 startIndex, "
                "Int32 count, StringComparison comparisonType), System.Int32 IndexOf(Char value)"),
    ("IndexOfAny", "System.Int32 IndexOfAny(Char[] anyOf, Int32 startIndex, Int32 count), System.Int32 "
                   "IndexOfAny(Char[] anyOf, Int32 startIndex), System.Int32 IndexOfAny(Char[] anyOf)"),
    ("Insert", "System.String Insert(Int32 startIndex, String value)"),
    ("IsNormalized", "System.Boolean IsNormalized(), System.Boolean IsNormalized(NormalizationForm "
                     "normalizationForm)"),
    ("LastIndexOf", "System.Int32 LastIndexOf(Char value, Int32 startIndex, Int32 count), System.Int32 "
                    "LastIndexOf(Char value, Int32 startIndex), System.Int32 LastIndexOf(String value), System.Int32 "
                    "LastIndexOf(String value, Int32 startIndex), System.Int32 LastIndexOf(String value, Int32 "
                    "startIndex, Int32 count), System.Int32 LastIndexOf(String value, StringComparison "
                    "comparisonType), System.Int32 LastIndexOf(String value, Int32 startIndex, StringComparison "
                    "comparisonType), System.Int32 LastIndexOf(String value, Int32 startIndex, Int32 count, "
                    "StringComparison comparisonType), System.Int32 LastIndexOf(Char value)"),
    ("LastIndexOfAny", "System.Int32 LastIndexOfAny(Char[] anyOf, Int32 startIndex, Int32 count), System.Int32 "
                       "LastIndexOfAny(Char[] anyOf, Int32 startIndex), System.Int32 LastIndexOfAny(Char[] anyOf)"),
    ("Normalize", "System.String Normalize(), System.String Normalize(NormalizationForm normalizationForm)"),
    ("PadLeft", "System.String PadLeft(Int32 totalWidth), System.String PadLeft(Int32 totalWidth, Char "
                "paddingChar)"),
    ("PadRight", "System.String PadRight(Int32 totalWidth), System.String PadRight(Int32 totalWidth, Char "
                 "paddingChar)"),
    ("Remove", "System.String Remove(Int32 startIndex, Int32 count), System.String Remove(Int32 startIndex)"),
    ("Replace", "System.String Replace(Char oldChar, Char newChar), System.String Replace(String oldValue, String "
                "newValue)"),
    ("Split", "System.String[] Split(Params Char[] separator), System.String[] Split(Char[] separator, Int32 "
              "count), System.String[] Split(Char[] separator, StringSplitOptions options), System.String[] "
              "Split(Char[] separator, Int32 count, StringSplitOptions options), System.String[] Split(String[] "
              "separator, StringSplitOptions options), System.String[] Split(String[] separator, Int32 count, "
              "StringSplitOptions options)"),
    ("StartsWith", "System.Boolean StartsWith(String value), System.Boolean StartsWith(String value, "
                   "StringComparison comparisonType), System.Boolean StartsWith(String value, Boolean ignoreCase, "
                   "CultureInfo culture)"),
    ("Substring", "System.String Substring(Int32 startIndex), System.String Substring(Int32 startIndex, Int32 "
                  "length)"),
    ("ToCharArray", "System.Char[] ToCharArray(), System.Char[] ToCharArray(Int32 startIndex, Int32 length)"),
    ("ToLower", "System.String ToLower(), System.String ToLower(CultureInfo culture)"),
    ("ToLowerInvariant", "System.String ToLowerInvariant()"),
    ("ToString", "System.String ToString(), System.String ToString(IFormatProvider provider)"),
    ("ToUpper", "System.String ToUpper(), System.String ToUpper(CultureInfo culture)"),
    ("ToUpperInvariant", "System.String ToUpperInvariant()"),
    ("Trim", "System.String Trim(Params Char[] trimChars), System.String Trim()"),
    ("TrimEnd", "System.String TrimEnd(Params Char[] trimChars)"),
    ("TrimStart", "System.String TrimStart(Params Char[] trimChars)"),
)
_INT32_METHODS = (
    ("CompareTo", "System.Int32 CompareTo(Object value), System.Int32 CompareTo(Int32 value)"),
    ("Equals", "System.Boolean Equals(Object obj), System.Boolean Equals(Int32 obj)"),
    ("GetHashCode", "System.Int32 GetHashCode()"),
    ("GetType", "System.Type GetType()"),
    ("GetTypeCode", "System.TypeCode GetTypeCode()"),
    ("ToString", "System.String ToString(), System.String ToString(IFormatProvider provider), System.String "
                 "ToString(String format), System.String ToString(String format, IFormatProvider provider)"),
)
# type name -> (methods, parameterized properties, properties); properties as (name, definition).
_REFLECTED: dict[str, tuple[tuple, tuple, tuple]] = {
    "System.String": (_STRING_METHODS, (("Chars", "System.Char Chars(Int32 index) {get;}"),),
                      (("Length", "System.Int32 Length {get;}"),)),
    "System.Int32": (_INT32_METHODS, (), ()),
}
# Get-Member -Static: definitions of the static members the engine models (System.String's, for one).
_STATIC: dict[str, dict[str, str]] = {
    "System.String": {
        "Concat": "static System.String Concat(Object arg0), static System.String Concat(Object arg0, Object "
                  "arg1), static System.String Concat(Params Object[] args), static System.String Concat(Params "
                  "String[] values)",
        "Format": "static System.String Format(String format, Object arg0), static System.String Format(String "
                  "format, Params Object[] args)",
        "IsNullOrEmpty": "static System.Boolean IsNullOrEmpty(String value)",
        "Join": "static System.String Join(String separator, Params String[] value), static System.String "
                "Join(String separator, String[] value, Int32 startIndex, Int32 count)",
        "Empty": "static System.String Empty",
    },
}

class PSMemberTypes(PSFlags):
    """Get-Member -MemberType (System.Management.Automation.PSMemberTypes, PowerShell 1.0 members)."""

    __ps_type__ = "System.Management.Automation.PSMemberTypes"
    AliasProperty = 1
    CodeProperty = 2
    Property = 4
    NoteProperty = 8
    ScriptProperty = 16
    Properties = 31
    PropertySet = 32
    Method = 64
    CodeMethod = 128
    ScriptMethod = 256
    Methods = 448
    ParameterizedProperty = 512
    MemberSet = 1024
    All = 2047


def _value_type(value: Any) -> str:
    return type_name(value) or "System.Object"


def _note_definition(name: str, value: Any) -> str:
    shown = "null" if value is None else to_string(value)
    return f"{_value_type(value)} {name}={shown}"


def _object_members(value: PSObject) -> list[tuple[str, str, str]]:
    """A .NET object: its methods (property accessors included), properties and note properties.

    Classes may declare `PROPERTY_TYPES` (name -> .NET type) where the current value does not tell.
    """
    declared_types: dict[str, str] = getattr(type(value), "PROPERTY_TYPES", {})
    rows = [(name, "Method", definition) for name, definition in _OBJECT_METHODS]
    rows += [(name, "Method", f"System.Object {name}()") for name in value.ps_methods()]
    notes = set(value.ps_property_names()) - set(value.PROPERTIES)
    for name in value.PROPERTIES:
        kind = declared_types.get(name) or _value_type(value.ps_get(name))
        settable = value.ps_settable(name)
        rows.append((name, "Property", f"{kind} {name} {{get;{'set;' if settable else ''}}}"))
        rows.append((f"get_{name}", "Method", f"{kind} get_{name}()"))
        if settable:
            rows.append((f"set_{name}", "Method", f"System.Void set_{name}({kind.rsplit('.', 1)[-1]} value)"))
    return rows + _added_members(value, [name for name in value.ps_property_names() if name in notes])


def _custom_members(value: PSObject) -> list[tuple[str, str, str]]:
    rows = [(name, "Method", definition) for name, definition in _OBJECT_METHODS]
    return rows + _added_members(value, value.ps_property_names())


def _added_members(value: PSObject, names: list[str]) -> list[tuple[str, str, str]]:
    """Note properties and what Add-Member added: script and alias properties, script methods."""
    rows = []
    for name in names:
        member = value._notes().get(name)
        if isinstance(member, ExtendedMember):
            rows.append((name, member.member_type, member.definition(name)))
        else:
            rows.append((name, "NoteProperty", _note_definition(name, value.ps_get(name))))
    return rows + [(name, "ScriptMethod", f"System.Object {name}();") for name in value.ps_script_methods()]


def _native_members(value: Any) -> list[tuple[str, str, str]]:
    reflected = _REFLECTED.get(_value_type(value))
    if reflected is not None:
        methods, parameterized, properties = reflected
        return ([(n, "Method", d) for n, d in methods] + [(n, "ParameterizedProperty", d) for n, d in parameterized]
                + [(n, "Property", d) for n, d in properties])
    rows = [(name, "Method", definition) for name, definition in _OBJECT_METHODS]
    for name, item in (members.native_properties(value) or {}).items():
        if name == "DisplayHint":  # the note Get-Date adds to its DateTime
            rows.append((name, "NoteProperty", _note_definition(name, item)))
        else:
            rows.append((name, "Property", f"{_value_type(item)} {name} {{get;}}"))
    if isinstance(value, Hashtable):
        rows += [(str(key), "NoteProperty", _note_definition(str(key), item)) for key, item in value.items()]
    return rows


def member_rows(value: Any) -> list[tuple[str, str, str]]:
    """(name, member type, definition) of every instance member of a value."""
    if isinstance(value, PSCustomObject):
        return _custom_members(value)
    if isinstance(value, PSObject):
        return _object_members(value)
    return _native_members(value)


def _static_rows(ps_type: Any, session: Any) -> list[tuple[str, str, str]]:
    known = _STATIC.get(ps_type.full_name, {})
    rows = []
    for name, getter in ps_type.static_properties.items():
        definition = known.get(name) or f"static {_value_type(getter(session))} {name} {{get;}}"
        rows.append((name, "Property", definition))
    for name in ps_type.static_methods:
        rows.append((name, "Method", known.get(name, f"static System.Object {name}()")))
    return rows


def _sort_key(row: tuple[str, str, str]) -> tuple[str, str]:
    return row[1], row[0].casefold()


class GetMember(Cmdlet):
    name = "Get-Member"
    dotnet_class = _UTILITY + "GetMemberCommand"
    synopsis = "Gets information about objects or collections of objects."
    description = ("Lists the properties and methods of the input objects, one group per type. -MemberType and "
                   "-Name narrow the list; -Static lists the static members of the type.")
    parameters = (
        Param("Name", list[str], position=0, help="Member names to list (wildcards allowed)."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to describe."),
        Param("MemberType", PSMemberTypes, aliases=("Type",), display_type="PSMemberTypes",
              help="The kind of members to list."),
        Param("Static", Switch, help="Lists the static members of the type."),
    )
    examples = (
        Example("Get-ExchangeCertificate | Get-Member", "Lists the members of the certificate objects."),
        Example("'text' | Get-Member -MemberType Property", "Lists only the properties of a string."),
    )

    def begin(self) -> None:
        self.seen: set[str] = set()
        self.any_input = False

    def process(self) -> None:
        value = self.InputObject
        if value is None:
            return
        self.any_input = True
        rows, shown_type = self._rows(value)
        if shown_type.lower() in self.seen:
            return
        self.seen.add(shown_type.lower())
        for name, kind, definition in sorted(self._filtered(rows), key=_sort_key):
            self.write_object(MemberDefinition(shown_type, name, kind, definition))

    def _rows(self, value: Any) -> tuple[list[tuple[str, str, str]], str]:
        if not self.Static:
            return member_rows(value), _value_type(value)
        from emshell.engine.types import PSType, TypeValue, UnknownType, resolve_type

        if isinstance(value, TypeValue):
            ps_type = value.type
        else:
            try:
                ps_type = resolve_type(_value_type(value))
            except UnknownType:  # a type emshell models no static members of (ExchangeCertificate)
                ps_type = PSType(_value_type(value), lambda item: item, lambda item: False)
        return _static_rows(ps_type, self.session), ps_type.full_name

    def _filtered(self, rows: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        wanted = PSMemberTypes.All if self.MemberType is None else self.MemberType
        patterns = conv.to_list(self.Name)
        return [row for row in rows if PSMemberTypes[row[1]] & wanted and
                (not patterns or any(operators.like(row[0], p) for p in patterns))]

    def end(self) -> None:
        if not self.any_input:
            self.throw_terminating("No object has been specified to get-member.", "NoObjectInGetMember",
                                   "CloseError", exception_type="InvalidOperationException")


# -- New-Object ------------------------------------------------------------------------------------------------
def _date_time(args: list[Any]) -> datetime:
    numbers = [conv.to_int(a) for a in args]
    return datetime(*numbers) if numbers else datetime(1, 1, 1)


def _time_span(args: list[Any]) -> timedelta:
    numbers = [conv.to_int(a) for a in args]
    if len(numbers) == 1:
        return timedelta(microseconds=numbers[0] / 10)
    if len(numbers) == 3:
        numbers = [0] + numbers
    days, hours, minutes, seconds = (numbers + [0, 0, 0, 0])[:4]
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _tcp_client(cmdlet: Cmdlet, args: list[Any]) -> Any:
    from emshell.cmdlets import network  # the lab network is loaded only when a socket is made
    return network.tcp_client(cmdlet, args)


def _credential(cmdlet: Cmdlet, args: list[Any]) -> Any:
    from emshell.cmdlets.security import PSCredential

    if len(args) != 2:
        raise members.MemberError(f'Cannot find an overload for "PSCredential" and the argument count: '
                                  f'"{len(args)}".', "CannotFindAppropriateCtor")
    user, password = args
    if not conv.expand_string(user):
        raise ValueError("Cannot process argument because the value of argument \"userName\" is null. Change the "
                         "value of argument \"userName\" to a non-null value.")
    return PSCredential(conv.expand_string(user), conv.to_secure_string(password))


def _regex(cmdlet: Cmdlet, args: list[Any]) -> Any:
    from emshell.engine.regex import RegexValue

    if len(args) not in (1, 2):
        raise members.MemberError(f'Cannot find an overload for "Regex" and the argument count: "{len(args)}".',
                                  "CannotFindAppropriateCtor")
    return RegexValue(conv.expand_string(args[0]), *args[1:])


# Full type name -> constructor from (the New-Object command, the argument list).
_CONSTRUCTORS = {
    "System.Management.Automation.PSObject": lambda cmdlet, args: PSCustomObject(),
    "System.Management.Automation.PSCustomObject": lambda cmdlet, args: PSCustomObject(),
    "System.Collections.ArrayList": lambda cmdlet, args: ArrayList(),
    "System.Collections.Hashtable": lambda cmdlet, args: Hashtable(),
    "System.DateTime": lambda cmdlet, args: _date_time(args),
    "System.TimeSpan": lambda cmdlet, args: _time_span(args),
    "System.Object": lambda cmdlet, args: PSCustomObject(),
    "System.Net.Sockets.TcpClient": _tcp_client,
    "System.Management.Automation.PSCredential": _credential,
    "System.Text.RegularExpressions.Regex": _regex,
}
# The type accelerators New-Object accepts besides full names (which may leave out `System.`).
_ACCELERATORS = {"psobject": "System.Management.Automation.PSObject",
                 "pscustomobject": "System.Management.Automation.PSCustomObject",
                 "hashtable": "System.Collections.Hashtable", "regex": "System.Text.RegularExpressions.Regex"}


def _constructor(name: str) -> Any:
    key = name.strip().lower()
    key = _ACCELERATORS.get(key, key).lower()
    for full, make in _CONSTRUCTORS.items():
        if key in (full.lower(), full.lower().removeprefix("system.")):
            return make
    return None


class NewObject(Cmdlet):
    name = "New-Object"
    dotnet_class = _UTILITY + "NewObjectCommand"
    synopsis = "Creates an instance of a .NET Framework object."
    description = ("Creates an object of a .NET type. emshell models PSObject (with -Property), "
                   "System.Collections.ArrayList, System.Collections.Hashtable, System.DateTime, "
                   "System.TimeSpan, PSCredential (user name and SecureString), System.Text.RegularExpressions.Regex "
                   "(pattern and options) and System.Net.Sockets.TcpClient (connected over the lab network).")
    parameters = (
        Param("TypeName", str, position=0, mandatory=True, help="The full name of the .NET type."),
        Param("ArgumentList", list[object], position=1, display_type="Object[]",
              help="The arguments of the type's constructor."),
        Param("Property", Hashtable, help="Property values to set on the new object."),
    )
    examples = (
        Example("$list = New-Object System.Collections.ArrayList", "Makes an empty, growable list."),
        Example("New-Object PSObject -Property @{Name='CAS01'; Role='ClientAccess'}",
                "Makes a custom object with two properties."),
    )

    def process(self) -> None:
        make = _constructor(self.TypeName)
        if make is None:
            self.throw_terminating(
                f"Cannot find type [{self.TypeName}]: make sure the assembly containing this type is loaded.",
                "TypeNotFound", "InvalidType", self.TypeName, "PSArgumentException")
        try:
            value = make(self, conv.to_list(self.ArgumentList))
        except members.MemberError as error:
            self.throw_terminating(str(error), error.error_id, "ObjectNotFound", self.TypeName, "MethodException")
        except (TypeError, ValueError, OverflowError, conv.ConversionError) as error:
            record = self.error_record(f'Exception calling ".ctor" with "{len(conv.to_list(self.ArgumentList))}" '
                                       f'argument(s): "{error}"', "ConstructorInvokedThrowException",
                                       "InvalidOperation", None, "MethodInvocationException")
            # what the constructor threw, for `catch [T]` and $_.Exception.InnerException
            record.inner = ExceptionInfo(getattr(error, "exception_type", "Exception"), str(error))
            raise TerminatingError(record) from None
        for key, item in (self.Property or Hashtable()).items():
            self._set(value, to_string(key), item)
        self.write_object(value)

    def _set(self, value: Any, name: str, item: Any) -> None:
        if isinstance(value, PSCustomObject) and not value.ps_has(name):
            value.ps_add_note(name, item)
            return
        try:
            members.set_property(value, name, item)
        except members.MemberError as error:
            self.write_error(str(error), "InvalidOperation", "InvalidOperation", value)


CMDLETS = (GetMember, NewObject)
ALIASES = {"gm": "Get-Member"}
