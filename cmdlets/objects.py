"""Object cmdlets: Where-Object, ForEach-Object, Sort-, Select-, Group-, Measure-, Tee- and Compare-Object.

They work on any pipeline value through `emshell.engine.members` (properties of Python values and
PSObjects) and compare values the way PowerShell's ObjectCommandComparer does: numbers as numbers,
everything else as culture-sorted, case-insensitive text unless -CaseSensitive.
"""
from __future__ import annotations

import functools
from typing import Any

from emshell.engine import conversion as conv
from emshell.engine import members, operators
from emshell.engine.cmdlet import Cmdlet, Example, Param, ScriptBlockParam, Switch
from emshell.engine.objects import Hashtable, PSCustomObject, PSEnum, PSObject, to_string, type_name
from emshell.formatting.properties import expression_type_error, property_type_error
from emshell.formatting.views import ListItem, ListView, TableColumn, TableView, register_view

_UTILITY = "Microsoft.PowerShell.Commands."


# -- shared: property specs and comparison ----------------------------------------------------------------
class PropertySpec:
    """One -Property item: a name (wildcards allowed), a script block, or `@{Name=...; Expression=...}`."""

    def __init__(self, cmdlet: Cmdlet, item: Any, keys: tuple[str, ...]) -> None:
        self.cmdlet = cmdlet
        self.name: str = to_string(item)
        self.expression: Any = None  # a script block (or a property name) to evaluate
        self.options: dict[str, Any] = {}
        if isinstance(item, Hashtable):
            self._from_hashtable(item, keys)
        elif not isinstance(item, str):
            problem = property_type_error(item)
            if problem:
                cmdlet.throw_terminating(problem, "DictionaryKeyUnknownType", "InvalidArgument",
                                         exception_type="NotSupportedException")
            self.expression = item

    def _from_hashtable(self, table: Hashtable, keys: tuple[str, ...]) -> None:
        """Keys may be abbreviated to any unique prefix (about_Calculated_Properties)."""
        for key, value in table.items():
            text = to_string(key).lower()
            name = next((k for k in keys if text and k.lower().startswith(text)), None)
            if name is None:
                self.cmdlet.throw_terminating(f"Illegal key {to_string(key)}", "DictionaryKeyIllegal",
                                              "InvalidArgument", exception_type="NotSupportedException")
            self.options[name] = value
        if "Expression" not in self.options:
            self.cmdlet.throw_terminating("Missing mandatory key Expression", "DictionaryKeyMissing",
                                          "InvalidArgument", exception_type="NotSupportedException")
        self.expression = self.options["Expression"]
        problem = expression_type_error(self.expression)
        if problem:
            self.cmdlet.throw_terminating(problem, "DictionaryKeyIllegalValue", "InvalidArgument",
                                          exception_type="NotSupportedException")
        label = self.options.get("Name", self.options.get("Label"))
        self.name = to_string(label if label is not None else self.expression)

    @property
    def wildcard(self) -> bool:
        return self.expression is None and any(c in self.name for c in "*?[")

    def names(self, value: Any) -> list[str]:
        """The property names this spec stands for on `value` (wildcards expanded)."""
        if not self.wildcard:
            return [self.name]
        return [n for n in members.property_names(value) if operators.like(n, self.name)]

    def evaluate(self, value: Any) -> Any:
        # A property whose getter throws reads as $null, as PowerShell's property expressions do.
        if self.expression is None:
            return members.get_property_or_null(value, self.name)
        if isinstance(self.expression, str):
            return members.get_property_or_null(value, self.expression)
        results = self.cmdlet.invoke_script(self.expression, dollar_under=value)
        return results[0] if len(results) == 1 else (results or None)


def specs_of(cmdlet: Cmdlet, items: Any, keys: tuple[str, ...]) -> list[PropertySpec]:
    return [PropertySpec(cmdlet, item, keys) for item in conv.to_list(items)]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _culture_key(text: str) -> str:
    """en-US word sort: hyphens and apostrophes weigh (almost) nothing, case is ignored."""
    return text.replace("-", "").replace("'", "").casefold()


def compare_values(left: Any, right: Any, case_sensitive: bool = False) -> int:
    """ObjectCommandComparer: null first, numbers numerically, others as culture-sorted text."""
    if left is None or right is None:
        return (left is not None) - (right is not None)
    if _is_number(left) and _is_number(right):
        return (left > right) - (left < right)
    if isinstance(left, PSEnum) and type(left) is type(right):  # enums compare by value (Stopped < Running)
        return compare_values(left.value, right.value, case_sensitive)
    if not isinstance(left, str) and not isinstance(right, str) and type(left) is type(right):
        try:
            return (left > right) - (left < right)
        except TypeError:
            pass
    a, b = to_string(left), to_string(right)
    key_a, key_b = _culture_key(a), _culture_key(b)
    if key_a != key_b:
        return (key_a > key_b) - (key_a < key_b)
    if a.casefold() != b.casefold():
        return (a.casefold() > b.casefold()) - (a.casefold() < b.casefold())
    if case_sensitive and a != b:
        return (a.swapcase() > b.swapcase()) - (a.swapcase() < b.swapcase())  # lower case first
    return 0


def _keys_equal(left: list, right: list, case_sensitive: bool) -> bool:
    return len(left) == len(right) and all(compare_values(a, b, case_sensitive) == 0 for a, b in zip(left, right))


# -- Where-Object / ForEach-Object ---------------------------------------------------------------------------
class WhereObject(Cmdlet):
    name = "Where-Object"
    dotnet_class = _UTILITY + "WhereObjectCommand"
    synopsis = "Creates a filter that controls which objects will be passed along a command pipeline."
    description = ("Passes on the input objects for which the script block returns true, and drops the others. "
                   "In the script block the current object is $_.")
    parameters = (
        Param("FilterScript", ScriptBlockParam, position=0, mandatory=True,
              help="The script block that decides whether an object passes."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to filter."),
    )
    examples = (Example("Get-ExchangeCertificate | Where-Object { $_.Status -eq 'Valid' }",
                        "Passes on only the valid certificates."),)

    def process(self) -> None:
        value = self.InputObject
        result = self.invoke_script(self.FilterScript, dollar_under=value)
        if conv.to_bool(result[0] if len(result) == 1 else result):
            self.write_object(value)


class ForEachObject(Cmdlet):
    name = "ForEach-Object"
    dotnet_class = _UTILITY + "ForEachObjectCommand"
    synopsis = "Performs an operation against each of a set of input objects."
    description = ("Runs the Process script block once for every input object, with the object in $_; the Begin "
                   "block runs before the first object and the End block after the last one.")
    parameters = (
        Param("Process", list[ScriptBlockParam], position=0, mandatory=True,
              help="The script block run for each input object."),
        Param("Begin", ScriptBlockParam, help="A script block run before the first input object."),
        Param("End", ScriptBlockParam, help="A script block run after the last input object."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to process."),
    )
    examples = (Example("1..5 | ForEach-Object { $_ * 2 }", "Doubles each number."),)

    def begin(self) -> None:
        if self.Begin is not None:
            self.write_objects(self.invoke_script(self.Begin))

    def process(self) -> None:
        for block in self.Process:
            self.write_objects(self.invoke_script(block, dollar_under=self.InputObject))

    def end(self) -> None:
        if self.End is not None:
            self.write_objects(self.invoke_script(self.End))


# -- Sort-Object -----------------------------------------------------------------------------------------------
class SortObject(Cmdlet):
    name = "Sort-Object"
    dotnet_class = _UTILITY + "SortObjectCommand"
    synopsis = "Sorts objects by property values."
    description = ("Sorts the input objects in ascending or descending order by the values of one or more "
                   "properties, or by the objects themselves when no property is given. Text sorts "
                   "case-insensitively unless -CaseSensitive is used.")
    parameters = (
        Param("Property", list[object], position=0, help="The properties to sort by, in order of priority."),
        Param("Descending", Switch, help="Sorts in descending order."),
        Param("Unique", Switch, help="Drops duplicates: only one of each equal set of objects is kept."),
        Param("CaseSensitive", Switch, help="Sorts upper and lower case letters separately."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to sort."),
    )
    examples = (
        Example("Get-ExchangeCertificate | Sort-Object NotAfter", "Lists the certificates, oldest expiry first."),
        Example("1, 5, 3 | Sort-Object -Descending", "Sorts numbers from the largest to the smallest."),
    )

    def begin(self) -> None:
        self.items: list[Any] = []
        self.specs = specs_of(self, self.Property, ("Expression", "Ascending", "Descending"))

    def process(self) -> None:
        if self.InputObject is not None:
            self.items.append(self.InputObject)

    def _key(self, value: Any) -> list[Any]:
        if not self.specs:
            return [value]
        return [spec.evaluate(value) for spec in self.specs]

    def _descending(self, spec: PropertySpec | None) -> bool:
        if spec is not None and "Descending" in spec.options:
            return conv.to_bool(spec.options["Descending"])
        if spec is not None and "Ascending" in spec.options:
            return not conv.to_bool(spec.options["Ascending"])
        return bool(self.Descending)

    def end(self) -> None:
        keyed = [(self._key(item), item) for item in self.items]
        directions = [self._descending(spec) for spec in self.specs] or [self._descending(None)]
        case = bool(self.CaseSensitive)

        def order(a: tuple, b: tuple) -> int:
            for left, right, descending in zip(a[0], b[0], directions):
                result = compare_values(left, right, case)
                if result:
                    return -result if descending else result
            return 0

        ordered = sorted(keyed, key=functools.cmp_to_key(order))
        if self.Unique:
            ordered = [entry for index, entry in enumerate(ordered)
                       if index == 0 or not _keys_equal(ordered[index - 1][0], entry[0], case)]
        self.write_objects(item for _, item in ordered)


# -- Select-Object ---------------------------------------------------------------------------------------------
class SelectObject(Cmdlet):
    name = "Select-Object"
    dotnet_class = _UTILITY + "SelectObjectCommand"
    synopsis = "Selects specified properties of an object or set of objects. It can also select unique objects " \
               "from an array of objects or it can select a specified number of objects from the beginning or " \
               "end of an array of objects."
    description = ("Makes new objects that have only the chosen properties (names, wildcards or calculated "
                   "properties @{Name=...; Expression={...}}), or passes on the value of one property "
                   "(-ExpandProperty), or chooses objects by position (-First, -Last, -Skip) or uniqueness.")
    parameters = (
        Param("Property", list[object], position=0, help="The properties to select."),
        Param("ExcludeProperty", list[str], help="Properties left out; only with -Property."),
        Param("ExpandProperty", str, help="A property whose value is passed on instead of a new object."),
        Param("Unique", Switch, help="Passes on only the first of identical objects (case-sensitive)."),
        Param("Last", int, help="Passes on only the last N objects."),
        Param("First", int, help="Passes on only the first N objects."),
        Param("Skip", int, help="Skips the first N objects."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to select from."),
    )
    examples = (
        Example("Get-ExchangeCertificate | Select-Object Thumbprint, NotAfter",
                "Makes objects with only the thumbprint and the expiry date."),
        Example("Get-ExchangeCertificate | Select-Object @{Name='Days'; Expression={($_.NotAfter - (Get-Date)).Days}}",
                "Adds a calculated property: the days left until each certificate expires."),
    )

    def begin(self) -> None:
        self.specs = specs_of(self, self.Property, ("Name", "Label", "Expression"))
        self.excluded = [to_string(p) for p in conv.to_list(self.ExcludeProperty)]
        self.seen = 0
        self.kept: list[Any] = []
        self.unique_seen: list[Any] = []

    def process(self) -> None:
        if self.InputObject is None:
            return
        self.seen += 1
        if self.Skip and self.seen <= self.Skip:
            return
        if self.First is not None and self.Last is None and self.seen - (self.Skip or 0) > self.First:
            if not self.Unique:
                self.stop_upstream()  # -First 0
            return
        self.kept.append(self.InputObject)
        if self.Last is None and not self.Unique:
            self._emit(self.kept.pop())
            if self.First is not None and self.seen - (self.Skip or 0) >= self.First:
                self.stop_upstream()  # PowerShell 3.0: `1..1e9 | Select-Object -First 1` ends at once

    def end(self) -> None:
        items = self.kept
        if self.Last is not None:
            head = items[:self.First] if self.First is not None else []
            tail = items[-self.Last:] if self.Last > 0 else []
            items = head + [t for t in tail if not any(t is h for h in head)]
        for item in items:
            self._emit(item)

    def _emit(self, value: Any) -> None:
        outputs = self._expand(value) if self.ExpandProperty else ([self._select(value)] if self.specs else [value])
        for output in outputs:
            if self.Unique and any(_identical(output, kept) for kept in self.unique_seen):
                continue
            self.unique_seen.append(output)
            self.write_object(output)

    def _select(self, value: Any) -> PSCustomObject:
        selected = PSCustomObject()
        for spec in self.specs:
            for name in spec.names(value):
                if any(operators.like(name, pattern) for pattern in self.excluded) or selected.ps_has(name):
                    continue
                selected.ps_add_note(name, spec.evaluate(value) if spec.expression is not None
                                     else members.get_property_or_null(value, name))
        selected.ps_add_type_name("Selected." + (type_name(value) or "System.Object"))
        return selected

    def _expand(self, value: Any) -> list[Any]:
        props = members.property_names(value)
        name = next((p for p in props if p.lower() == self.ExpandProperty.lower()), None)
        if name is None and not (isinstance(value, Hashtable) and self.ExpandProperty in value):
            self.write_error(f'Property "{self.ExpandProperty}" cannot be found.', "ExpandPropertyNotFound",
                             "InvalidArgument", value, "PSArgumentException")
            return []
        return conv.to_list(members.get_property(value, self.ExpandProperty))


def _identical(left: Any, right: Any) -> bool:
    """Select-Object -Unique: case-sensitive equality, property by property for objects."""
    if isinstance(left, PSObject) and isinstance(right, PSObject):
        names = left.ps_property_names()
        return names == right.ps_property_names() and all(
            _identical(left.ps_get(n), right.ps_get(n)) for n in names)
    if isinstance(left, str) and isinstance(right, str):
        return left == right
    return operators.equals(left, right, case_sensitive=True)


# -- Group-Object ----------------------------------------------------------------------------------------------
class GroupInfo(PSObject):
    TYPE_NAMES = (_UTILITY + "GroupInfo", "System.Object")
    PROPERTIES = ("Values", "Count", "Group", "Name")

    def __init__(self, name: str, values: list[Any]) -> None:
        self.Name = name
        self.Values = values
        self.Group: list[Any] = []

    @property
    def Count(self) -> int:
        return len(self.Group)


register_view(_UTILITY + "GroupInfo", TableView((
    TableColumn("Count", "Count", width=5, alignment="right"),
    TableColumn("Name", "Name", width=25),
    TableColumn("Group", "Group"),
)))
register_view(_UTILITY + "GroupInfo", ListView((
    ListItem("Name", "Name"), ListItem("Count", "Count"), ListItem("Group", "Group"), ListItem("Values", "Values"),
)))


class GroupObject(Cmdlet):
    name = "Group-Object"
    dotnet_class = _UTILITY + "GroupObjectCommand"
    synopsis = "Groups objects that contain the same value for specified properties."
    description = ("Puts the input objects into groups by the values of the given properties and writes one "
                   "GroupInfo object per group: the number of objects, the property value and the objects.")
    parameters = (
        Param("Property", list[object], position=0, help="The properties to group by."),
        Param("CaseSensitive", Switch, help="Makes the grouping case-sensitive."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to group."),
    )
    examples = (Example("Get-ExchangeCertificate | Group-Object Status",
                        "Counts the certificates of each status."),)

    def begin(self) -> None:
        self.specs = specs_of(self, self.Property, ("Expression",))
        self.groups: list[GroupInfo] = []

    def process(self) -> None:
        value = self.InputObject
        if value is None:
            return
        keys = [spec.evaluate(value) for spec in self.specs] if self.specs else [value]
        group = next((g for g in self.groups if _keys_equal(g.Values, keys, bool(self.CaseSensitive))), None)
        if group is None:
            group = GroupInfo(", ".join(to_string(k) for k in keys), keys)
            self.groups.append(group)
        group.Group.append(value)

    def end(self) -> None:
        self.write_objects(self.groups)


# -- Measure-Object --------------------------------------------------------------------------------------------
class GenericMeasureInfo(PSObject):
    TYPE_NAMES = (_UTILITY + "GenericMeasureInfo", _UTILITY + "MeasureInfo", "System.Object")
    PROPERTIES = ("Count", "Average", "Sum", "Maximum", "Minimum", "Property")

    def __init__(self, prop: str | None) -> None:
        self.Property = prop
        self.Count = 0
        self.Average = self.Sum = self.Maximum = self.Minimum = None


class TextMeasureInfo(PSObject):
    TYPE_NAMES = (_UTILITY + "TextMeasureInfo", _UTILITY + "MeasureInfo", "System.Object")
    PROPERTIES = ("Lines", "Words", "Characters", "Property")

    def __init__(self, prop: str | None) -> None:
        self.Property = prop
        self.Lines = self.Words = self.Characters = None


class _Statistics:
    """Running figures for one measured property."""

    def __init__(self) -> None:
        self.count = 0
        self.numbers: list[float] = []
        self.lines = self.words = self.characters = 0
        self.found = False


class MeasureObject(Cmdlet):
    name = "Measure-Object"
    dotnet_class = _UTILITY + "MeasureObjectCommand"
    synopsis = "Measures characteristics of objects and their properties."
    description = ("Counts the input objects and, for numeric properties, computes their sum, average, minimum "
                   "and maximum; for text it counts lines, words and characters.")
    default_set = "GenericMeasure"
    parameters = (
        Param("Property", list[str], position=0, help="The properties to measure."),
        Param("Sum", Switch, sets=("GenericMeasure",), help="Adds up the values."),
        Param("Average", Switch, sets=("GenericMeasure",), help="Averages the values."),
        Param("Maximum", Switch, sets=("GenericMeasure",), help="Finds the largest value."),
        Param("Minimum", Switch, sets=("GenericMeasure",), help="Finds the smallest value."),
        Param("Line", Switch, sets=("TextMeasure",), help="Counts the lines."),
        Param("Word", Switch, sets=("TextMeasure",), help="Counts the words."),
        Param("Character", Switch, sets=("TextMeasure",), help="Counts the characters."),
        Param("IgnoreWhiteSpace", Switch, sets=("TextMeasure",), help="Does not count white space as characters."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to measure."),
    )
    examples = (
        Example("Get-ExchangeCertificate | Measure-Object", "Counts the certificates."),
        Example("1..10 | Measure-Object -Sum -Average -Maximum -Minimum", "Adds, averages and ranges ten numbers."),
    )

    def begin(self) -> None:
        self.names = [to_string(p) for p in conv.to_list(self.Property)] or [None]
        self.stats = {name: _Statistics() for name in self.names}
        self.text = self.parameter_set == "TextMeasure"

    def process(self) -> None:
        value = self.InputObject
        if value is None:
            return
        for name, stats in self.stats.items():
            if name is not None and not _has_property(value, name):
                continue
            stats.found = True
            item = value if name is None else members.get_property(value, name)
            if self.text:
                self._measure_text(stats, item)
            else:
                self._measure(stats, item)

    def _measure(self, stats: _Statistics, item: Any) -> None:
        stats.count += 1
        if not (self.Sum or self.Average or self.Maximum or self.Minimum):
            return
        try:
            stats.numbers.append(conv.to_double(item))
        except (conv.ConversionError, TypeError, ValueError):
            self.write_error(f'Input object "{to_string(item)}" is not numeric.', "NonNumericInputObject",
                             "InvalidType", item, "PSInvalidOperationException")

    def _measure_text(self, stats: _Statistics, item: Any) -> None:
        text = conv.expand_string(item)
        stats.lines += len(text.splitlines())
        stats.words += len(text.split())
        stats.characters += len("".join(text.split())) if self.IgnoreWhiteSpace else len(text)

    def end(self) -> None:
        for name, stats in self.stats.items():
            if name is not None and not stats.found:
                self.write_error(f'Property "{name}" cannot be found in any object(s) input.',
                                 "GenericMeasurePropertyNotFound", "InvalidArgument", name, "PSArgumentException")
                continue
            self.write_object(self._text_info(name, stats) if self.text else self._info(name, stats))

    def _info(self, name: str | None, stats: _Statistics) -> GenericMeasureInfo:
        info = GenericMeasureInfo(name)
        info.Count = stats.count
        numbers = stats.numbers
        if numbers:
            info.Sum = float(sum(numbers)) if self.Sum else None
            info.Average = sum(numbers) / len(numbers) if self.Average else None
            info.Maximum = max(numbers) if self.Maximum else None
            info.Minimum = min(numbers) if self.Minimum else None
        return info

    def _text_info(self, name: str | None, stats: _Statistics) -> TextMeasureInfo:
        info = TextMeasureInfo(name)
        info.Lines = stats.lines if self.Line else None
        info.Words = stats.words if self.Word else None
        info.Characters = stats.characters if self.Character else None
        return info


def _has_property(value: Any, name: str) -> bool:
    if isinstance(value, Hashtable):
        return name in value
    return any(p.lower() == name.lower() for p in members.property_names(value))


# -- Tee-Object ------------------------------------------------------------------------------------------------
class TeeObject(Cmdlet):
    name = "Tee-Object"
    dotnet_class = _UTILITY + "TeeObjectCommand"
    synopsis = "Pipes object input to a variable and then sends it along the pipeline."
    description = "Stores the input objects in a variable and also passes them down the pipeline."
    parameters = (
        Param("Variable", str, mandatory=True, help="The variable that receives the objects (no $)."),
        Param("InputObject", object, pipeline=True, display_type="PSObject", help="The objects to store."),
    )
    examples = (Example("Get-ExchangeCertificate | Tee-Object -Variable certs | Format-List",
                        "Keeps the certificates in $certs and shows them as a list."),)

    def begin(self) -> None:
        self.items: list[Any] = []

    def process(self) -> None:
        if self.InputObject is not None:
            self.items.append(self.InputObject)
            self.write_object(self.InputObject)

    def end(self) -> None:
        self.session.set_variable(self.Variable, self.items[0] if len(self.items) == 1 else list(self.items))


# -- Compare-Object --------------------------------------------------------------------------------------------
class CompareObject(Cmdlet):
    name = "Compare-Object"
    dotnet_class = _UTILITY + "CompareObjectCommand"
    synopsis = "Compares two sets of objects."
    description = ("Compares a reference set with a difference set and reports the objects found in only one "
                   "of them: => for the difference set, <= for the reference set, == for both (-IncludeEqual).")
    parameters = (
        Param("ReferenceObject", list[object], position=0, mandatory=True, display_type="PSObject[]",
              help="The reference set."),
        Param("DifferenceObject", list[object], position=1, mandatory=True, pipeline=True,
              display_type="PSObject[]", help="The set compared with the reference set."),
        Param("SyncWindow", int, help="How far apart matching objects may be."),
        Param("Property", list[object], help="The properties to compare."),
        Param("ExcludeDifferent", Switch, help="Reports only the objects found in both sets."),
        Param("IncludeEqual", Switch, help="Also reports the objects found in both sets."),
        Param("PassThru", Switch, help="Passes on the objects themselves instead of comparison results."),
        Param("CaseSensitive", Switch, help="Compares text case-sensitively."),
    )
    examples = (Example("Compare-Object (Get-Content a.txt) (Get-Content b.txt)",
                        "Shows the lines found in only one of the files."),)

    def begin(self) -> None:
        self.specs = specs_of(self, self.Property, ("Expression",))
        self.difference: list[Any] = []

    def process(self) -> None:
        self.difference += conv.to_list(self.DifferenceObject)

    def _key(self, value: Any) -> list[Any]:
        return [spec.evaluate(value) for spec in self.specs] if self.specs else [value]

    def end(self) -> None:
        window = self.SyncWindow if self.SyncWindow is not None else 2**31 - 1
        pending = [(self._key(item), item) for item in conv.to_list(self.ReferenceObject)]
        for position, item in enumerate(self.difference):
            key = self._key(item)
            match = next((i for i, (k, _) in enumerate(pending)
                          if _keys_equal(k, key, bool(self.CaseSensitive)) and abs(i - position) <= window), None)
            if match is None:
                self._report(item, key, "=>")
            else:
                pending.pop(match)
                self._report(item, key, "==")
        for key, item in pending:
            self._report(item, key, "<=")

    def _report(self, item: Any, key: list[Any], side: str) -> None:
        if (side == "==" and not (self.IncludeEqual or self.ExcludeDifferent)) or \
                (side != "==" and self.ExcludeDifferent):
            return
        if self.PassThru:
            self.write_object(item)
            return
        result = PSCustomObject()
        if self.specs:
            for spec, value in zip(self.specs, key):
                result.ps_add_note(spec.name, value)
        else:
            result.ps_add_note("InputObject", item)
        result.ps_add_note("SideIndicator", side)
        self.write_object(result)


CMDLETS = (WhereObject, ForEachObject, SortObject, SelectObject, GroupObject, MeasureObject, TeeObject,
           CompareObject)
ALIASES = {
    "where": "Where-Object", "?": "Where-Object", "foreach": "ForEach-Object", "%": "ForEach-Object",
    "sort": "Sort-Object", "select": "Select-Object", "group": "Group-Object", "measure": "Measure-Object",
    "tee": "Tee-Object", "compare": "Compare-Object", "diff": "Compare-Object",
}
