"""Parameter binding from declared metadata (powershell-semantics.md §B).

Phases, as PowerShell's ParameterBinderController runs them: named arguments (unique
case-insensitive prefixes and aliases, declared parameters preferred over common ones),
positional arguments by position within the candidate parameter sets, parameter-set
resolution, mandatory check (prompting is the caller's business), then per pipeline record
ValueFromPipeline and ValueFromPipelineByPropertyName.
"""
from __future__ import annotations

import typing
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Sequence

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Param, Switch, dotnet_type_name
from emshell.engine.objects import Hashtable, PSEnum, PSFlags, PSObject, SecureString
from emshell.language.ast import Extent

MISSING = object()


@dataclass
class NamedArgument:
    name: str  # as typed, without the dash
    value: Any = MISSING
    text: str = ""  # the token as typed (`-Path`)
    extent: Extent | None = None
    colon: bool = False


@dataclass
class PositionalArgument:
    value: Any
    text: str | None = None  # source text of a bareword or number (`1kb` binds to strings as "1kb")
    extent: Extent | None = None


class BindingError(Exception):
    """A binding failure; `extent` is the token to report, `error_id` PowerShell's id."""

    def __init__(self, message: str, error_id: str, extent: Extent | None, category: str = "InvalidArgument",
                 exception_type: str = "ParameterBindingException", target: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id
        self.extent = extent
        self.category = category
        self.exception_type = exception_type
        self.target = target


@dataclass
class BindResult:
    values: dict[str, Any] = field(default_factory=dict)  # canonical name -> converted value
    candidate_sets: list[str] = field(default_factory=list)
    missing_mandatory: list[Param] = field(default_factory=list)
    pipeline_candidates: dict[str, tuple[list[Param], list[Param]]] = field(default_factory=dict)

    @property
    def parameter_set(self) -> str:
        return self.candidate_sets[0] if self.candidate_sets else ""


class ParameterBinder:
    def __init__(self, parameters: Sequence[Param], sets: Sequence[str], default_set: str | None,
                 convert_extra: Callable[[Any, Any], Any] | None = None) -> None:
        self.parameters = list(parameters)
        self.by_name = {p.name: p for p in self.parameters}
        self.sets = list(sets)
        self.default_set = default_set
        self.convert_extra = convert_extra  # engine hook for script-block and PSType specs

    # -- name matching (§B1) --------------------------------------------------------------------
    def match(self, typed: str, extent: Extent | None) -> Param:
        name = typed.lstrip("-\u2013\u2014\u2015").lower()
        exact = [p for p in self.parameters if p.name.lower() == name or name in (a.lower() for a in p.aliases)]
        if exact:
            return exact[0]
        matches = [p for p in self.parameters
                   if p.name.lower().startswith(name) or any(a.lower().startswith(name) for a in p.aliases)]
        if len(matches) == 1:
            return matches[0]
        declared = [p for p in matches if not p.common]
        if len(declared) == 1:
            return declared[0]
        if not matches:
            raise BindingError(f"A parameter cannot be found that matches parameter name '{typed}'.",
                               "NamedParameterNotFound", extent)
        listed = "".join(f" -{p.name}" for p in matches)
        raise BindingError(
            f"Parameter cannot be processed because the parameter name '{typed}' is ambiguous. "
            f"Possible matches include:{listed}.", "AmbiguousParameter", extent)

    def knows(self, typed: str) -> bool:
        try:
            self.match(typed, None)
            return True
        except BindingError as error:
            return error.error_id == "AmbiguousParameter"

    # -- command-line binding ---------------------------------------------------------------------
    def bind(self, arguments: list[NamedArgument | PositionalArgument], expecting_input: bool) -> BindResult:
        result = BindResult(candidate_sets=list(self.sets))
        positional: list[PositionalArgument] = []
        index = 0
        while index < len(arguments):
            argument = arguments[index]
            index += 1
            if isinstance(argument, PositionalArgument):
                positional.append(argument)
                continue
            param = self.match(argument.name, argument.extent)
            value = argument.value
            if value is MISSING and not param.is_switch:
                value, index = self._take_value(arguments, index, param, argument)
            self._assign(result, param, True if value is MISSING else value, argument.extent, argument.text)
        self._bind_positional(result, positional)
        self._resolve_sets(result, expecting_input)
        return result

    def _take_value(self, arguments: list, index: int, param: Param, argument: NamedArgument) -> tuple[Any, int]:
        """The argument after `-Name` is its value, unless it is another parameter of this command (§B2)."""
        if index < len(arguments):
            nxt = arguments[index]
            if isinstance(nxt, PositionalArgument):
                return nxt, index + 1
            if not self.knows(nxt.name) and nxt.value is MISSING:
                return PositionalArgument(nxt.text, nxt.text, nxt.extent), index + 1
        raise BindingError(
            f"Missing an argument for parameter '{param.name}'. Specify a parameter of type "
            f"'{dotnet_type_name(param.type) if not hasattr(param.type, 'full_name') else param.type.full_name}' "
            f"and try again.", "MissingArgument", argument.extent)

    def _assign(self, result: BindResult, param: Param, value: Any, extent: Extent | None, text: str = "") -> None:
        if param.name in result.values:
            raise BindingError(
                f"Cannot bind parameter because parameter '{param.name}' is specified more than once. To provide "
                f"multiple values to parameters that can accept multiple values, use the array syntax. For example, "
                f'"-parameter value1,value2,value3".', "ParameterAlreadyBound", extent)
        source_text = None
        if isinstance(value, PositionalArgument):
            source_text = value.text
            value = value.value
        result.values[param.name] = self.convert(param, value, extent, source_text)
        if param.sets and not param.common:
            remaining = [s for s in result.candidate_sets if s in param.sets]
            if not remaining:
                # No token to blame: the error points after the command name.
                raise BindingError("Parameter set cannot be resolved using the specified named parameters.",
                                   "AmbiguousParameterSet", None)
            result.candidate_sets = remaining

    def _bind_positional(self, result: BindResult, positional: list[PositionalArgument]) -> None:
        if not positional:
            return
        remaining_param = next((p for p in self.parameters if p.remaining and p.name not in result.values), None)
        slots = self._positional_slots(result)
        leftovers: list[PositionalArgument] = []
        for argument in positional:
            param = next((p for p in slots if p.name not in result.values), None)
            if param is None:
                leftovers.append(argument)
                continue
            slots.remove(param)
            self._assign(result, param, argument, argument.extent)
        if leftovers and remaining_param is not None:
            values = [a.value for a in leftovers]
            if remaining_param.name in result.values:  # it took the first positional argument too
                bound = result.values[remaining_param.name]
                typed_list = typing.get_origin(remaining_param.type) in (list, tuple) and isinstance(bound, list)
                values[:0] = bound if typed_list else [bound]
            result.values[remaining_param.name] = self.convert(remaining_param, values, leftovers[0].extent)
            return
        if leftovers:
            first = leftovers[0]
            shown = first.text if first.text is not None else conv.expand_string(first.value)
            raise BindingError(f"A positional parameter cannot be found that accepts argument '{shown}'.",
                               "PositionalParameterNotFound", first.extent, target=first.value)

    def _positional_slots(self, result: BindResult) -> list[Param]:
        """Unbound positional parameters of the candidate sets, in position order (§B3)."""
        params = [p for p in self.parameters
                  if p.position is not None and p.name not in result.values
                  and any(p.in_set(s) for s in result.candidate_sets)]
        return sorted(params, key=lambda p: (p.position, 0 if self.default_set and p.in_set(self.default_set) else 1))

    def _resolve_sets(self, result: BindResult, expecting_input: bool) -> None:
        sets = result.candidate_sets
        if len(sets) > 1 and self.default_set in sets:
            pipeline_sets = [s for s in sets if self._set_takes_input(s)] if expecting_input else []
            if expecting_input and self.default_set not in pipeline_sets and pipeline_sets:
                sets.sort(key=lambda name: name not in pipeline_sets)  # a set that takes the input wins
            else:
                sets.remove(self.default_set)
                sets.insert(0, self.default_set)
        result.missing_mandatory = self.missing_mandatory(result, expecting_input)

    def _set_takes_input(self, set_name: str) -> bool:
        return any(p.in_set(set_name) and (p.pipeline or p.pipeline_by_name) for p in self.parameters)

    def missing_mandatory(self, result: BindResult, expecting_input: bool) -> list[Param]:
        chosen = result.parameter_set
        missing = []
        for param in self.parameters:
            if not param.mandatory or param.name in result.values or not param.in_set(chosen):
                continue
            if expecting_input and (param.pipeline or param.pipeline_by_name):
                continue
            missing.append(param)
        return missing

    # -- pipeline binding ---------------------------------------------------------------------------
    def bind_pipeline_input(self, result: BindResult, value: Any, get_property: Callable[[Any, str], Any]
                            ) -> dict[str, Any]:
        """Values for this record's pipeline parameters, or an InputObjectNotBound error.

        As PowerShell does, each way of binding is tried across all candidate sets before the
        next: by value without conversion, by property name, then by value with conversion.
        """
        sets = result.candidate_sets or self.sets
        for phase in ("exact", "by_name", "coerced"):
            for set_name in sets:
                bound = self._bind_record(result, set_name, value, get_property, phase)
                if bound is not None:
                    self._check_mandatory_bound(result, set_name, bound, value)
                    return bound
        raise BindingError(
            "The input object cannot be bound to any parameters for the command either because the command does "
            "not take pipeline input or the input and its properties do not match any of the parameters that take "
            "pipeline input.", "InputObjectNotBound", None, target=value)

    def _check_mandatory_bound(self, result: BindResult, set_name: str, bound: dict[str, Any], value: Any) -> None:
        """A record that leaves a mandatory pipeline parameter unbound is refused (`'x' | New-Item`)."""
        candidates, _ = self._pipeline_candidates(result, set_name)
        missing = [p.name for p in candidates if p.mandatory and p.name not in bound]
        if missing:
            raise BindingError(
                "The input object cannot be bound because it did not contain the information required to bind all "
                f"mandatory parameters:  {' '.join(missing)}", "InputObjectMissingMandatory", None, target=value)

    def _pipeline_candidates(self, result: BindResult, set_name: str) -> tuple[list[Param], list[Param]]:
        """The set's parameters still free for pipeline input, and those taking it by value.

        Computed once per command: the command-line values do not change between records.
        """
        cached = result.pipeline_candidates.get(set_name)
        if cached is None:
            candidates = [p for p in self.parameters
                          if (p.pipeline or p.pipeline_by_name) and p.in_set(set_name) and p.name not in result.values]
            cached = (candidates, [p for p in candidates if p.pipeline])
            result.pipeline_candidates[set_name] = cached
        return cached

    def _bind_record(self, result: BindResult, set_name: str, value: Any,
                     get_property: Callable[[Any, str], Any], phase: str) -> dict[str, Any] | None:
        bound: dict[str, Any] = {}
        candidates, by_value = self._pipeline_candidates(result, set_name)
        exact = next((p for p in by_value if _matches_type(p.type, value)), None)
        if exact is not None:
            bound[exact.name] = self.convert(exact, value, None)
        if phase in ("by_name", "coerced"):
            self._bind_by_name(candidates, bound, value, get_property)
        if phase == "coerced" and not any(p.name in bound for p in by_value):
            for param in by_value:
                try:
                    bound[param.name] = self.convert(param, value, None)
                    break
                except BindingError:
                    continue
        if not bound:
            return None
        missing = [p for p in candidates if p.mandatory and p.name not in bound]
        return None if missing and len(result.candidate_sets) > 1 else bound

    def _bind_by_name(self, candidates: list[Param], bound: dict[str, Any], value: Any,
                      get_property: Callable[[Any, str], Any]) -> None:
        for param in candidates:
            if not param.pipeline_by_name or param.name in bound:
                continue
            for name in (param.name, *param.aliases):
                found, prop = _property(value, name, get_property)
                if found:
                    try:
                        bound[param.name] = self.convert(param, prop, None)
                    except BindingError:
                        pass
                    break

    # -- conversion -------------------------------------------------------------------------------------
    def convert(self, param: Param, value: Any, extent: Extent | None, source_text: str | None = None) -> Any:
        if param.mandatory and not param.is_switch and not param.allow_empty:
            self._check_not_empty(param, value, extent)
        try:
            converted = convert_value(param.type, value, source_text, self.convert_extra)
        except conv.ConversionError as error:
            raise BindingError(f"Cannot bind parameter '{param.name}'. {error}", "CannotConvertArgumentNoMessage",
                               extent, target=value) from None
        if param.validate_set and converted is not None:
            self._validate_set(param, converted, extent)
        if param.validate_range and converted is not None:
            self._validate_range(param, converted, extent)
        return converted

    @staticmethod
    def _check_not_empty(param: Param, value: Any, extent: Extent | None) -> None:
        """Mandatory parameters take no $null, empty string or empty array (PowerShell's binder)."""
        if value is None or value is conv.AutomationNull():
            reason, error_id = "it is null", "ParameterArgumentValidationErrorNullNotAllowed"
        elif value == "":
            reason, error_id = "it is an empty string", "ParameterArgumentValidationErrorEmptyStringNotAllowed"
        elif isinstance(value, list) and not value:
            reason, error_id = "it is an empty array", "ParameterArgumentValidationErrorEmptyArrayNotAllowed"
        else:
            return
        raise BindingError(f"Cannot bind argument to parameter '{param.name}' because {reason}.", error_id,
                           extent, category="InvalidData")

    @staticmethod
    def _validate_set(param: Param, value: Any, extent: Extent | None) -> None:
        allowed = {v.lower(): v for v in param.validate_set}
        for item in value if isinstance(value, list) else [value]:
            if conv.expand_string(item).lower() not in allowed:
                raise BindingError(
                    f"Cannot validate argument on parameter '{param.name}'. The argument \"{conv.expand_string(item)}\" "
                    f"does not belong to the set \"{','.join(param.validate_set)}\" specified by the ValidateSet "
                    f"attribute. Supply an argument that is in the set and then try the command again.",
                    "ParameterArgumentValidationError", extent, category="InvalidData")

    @staticmethod
    def _validate_range(param: Param, value: Any, extent: Extent | None) -> None:
        low, high = param.validate_range
        for item in value if isinstance(value, list) else [value]:
            if item < low:
                detail = (f"The {item} argument is less than the minimum allowed range of {low}. Supply an argument "
                          f"that is greater than {low} and then try the command again.")
            elif item > high:
                detail = (f"The {item} argument is greater than the maximum allowed range of {high}. Supply an "
                          f"argument that is less than {high} and then try the command again.")
            else:
                continue
            raise BindingError(f"Cannot validate argument on parameter '{param.name}'. {detail}",
                               "ParameterArgumentValidationError", extent, category="InvalidData",
                               exception_type="ParameterBindingValidationException", target=item)


def _matches_type(spec: Any, value: Any) -> bool:
    """Whether a pipeline object binds by value without any conversion."""
    if spec is object:
        return True
    if spec is str:
        return isinstance(value, str)
    if spec is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(spec, type):
        return isinstance(value, spec)
    return False


def _property(value: Any, name: str, get_property: Callable[[Any, str], Any]) -> tuple[bool, Any]:
    if isinstance(value, PSObject):
        if value.ps_has(name):
            return True, value.ps_get(name)
        return False, None
    if isinstance(value, Hashtable):
        return False, None
    result = get_property(value, name)
    return (result is not None), result


def convert_value(spec: Any, value: Any, source_text: str | None = None,
                  extra: Callable[[Any, Any], Any] | None = None) -> Any:
    """Convert an argument to a parameter type spec (see cmdlet.Param.type)."""
    if value is conv.AutomationNull():
        value = None
    origin = typing.get_origin(spec)
    if origin in (list, tuple):
        (element,) = typing.get_args(spec) or (object,)
        if value is None:
            return None
        items = value if isinstance(value, list) else [value]
        return [convert_value(element, item, None, extra) for item in items]
    if spec is Switch:
        return conv.to_bool(value)
    if spec is object or spec is None:
        return value
    if value is None:
        if spec is bool:
            raise conv.ConversionError(
                'Cannot convert value "" to type "System.Boolean". Boolean parameters accept only Boolean values '
                'and numbers, such as $True, $False, 1 or 0.')
        return None
    if spec is str:
        if isinstance(value, list):
            if len(value) != 1:
                raise conv.ConversionError(
                    "Cannot convert 'System.Object[]' to the type 'System.String' required by parameter. "
                    "Specified method is not supported.")
            value = value[0]
        if source_text is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            return source_text
        return conv.expand_string(value)
    if spec is int:
        return conv.to_int(_single(value, "System.Int32"))
    if spec is float:
        return conv.to_double(_single(value, "System.Double"))
    if spec is bool:
        return conv.to_boolean_strict(_single(value, "System.Boolean"))
    if spec is datetime:
        return conv.to_datetime(_single(value, "System.DateTime"))
    if spec is SecureString:
        return conv.to_secure_string(_single(value, "System.Security.SecureString"))
    if spec is Hashtable:
        return conv.to_hashtable(value)
    if spec is bytes:
        from emshell.engine.types import to_bytes

        return to_bytes(value)
    if isinstance(spec, type) and issubclass(spec, (PSEnum, PSFlags)):
        return conv.to_enum(value, spec)
    if extra is not None:
        return extra(spec, value)
    return value


def _single(value: Any, type_label: str) -> Any:
    if isinstance(value, list):
        if len(value) == 1:
            return value[0]
        raise conv.ConversionError(
            f"Cannot convert 'System.Object[]' to the type '{type_label}' required by parameter. "
            f"Specified method is not supported.")
    return value
