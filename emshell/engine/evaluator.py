"""The AST interpreter: statements push their output to a sink; expressions return values.

Runtime failures inside expressions (a missing method, a bad cast, division by zero) become
statement-terminating error records positioned at the failing node; `throw` and
`-ErrorAction Stop` terminate the script unless a `trap` or `try/catch` handles them.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable, Iterable

from emshell.engine import conversion as conv
from emshell.engine import members, operators, types
from emshell.engine.errors import (
    ErrorRecord, ExceptionInfo, PSError, ScriptPosition, TerminatingError, exception_matches,
)
from emshell.engine.objects import Hashtable, PSObject, is_enum
from emshell.engine.pipeline import NO_INPUT, command_position, node_position
from emshell.engine.scopes import VariableError
from emshell.language import ast

if TYPE_CHECKING:
    from emshell.engine.session import Session

Emit = Callable[[Any], None]


# -- control flow signals -------------------------------------------------------------------------
class FlowSignal(Exception):
    pass


class LoopSignal(FlowSignal):
    """`break` / `continue`, optionally naming the loop (`break outer`)."""

    def __init__(self, label: str | None = None) -> None:
        self.label = label

    def targets(self, loop_label: str | None) -> bool:
        """Whether this signal is for a loop with that label: unlabelled ones stop at the innermost
        loop, labelled ones at the loop of that name (compared case-insensitively)."""
        return self.label is None or (loop_label is not None and self.label.lower() == loop_label.lower())


class BreakSignal(LoopSignal):
    pass


class ContinueSignal(LoopSignal):
    pass


class ReturnSignal(FlowSignal):
    pass


class ExitSignal(FlowSignal):
    def __init__(self, code: int) -> None:
        self.code = code


class ScriptBlock:
    """A `{ ... }` value: its AST plus the script it came from (for error positions)."""

    TYPE_NAMES = ("System.Management.Automation.ScriptBlock", "System.Object")

    def __init__(self, block: ast.ScriptBlockAst, script: ast.Script | None, text: str) -> None:
        self.block = block
        self.script = script
        self.text = text

    def ps_to_string(self) -> str:
        return self.text

    def ps_methods(self) -> dict[str, Any]:
        return {
            "Invoke": lambda ctx, *args: _unwrap(ctx.invoke_script_block(self, args=args, new_scope=True)),
            "InvokeReturnAsIs": lambda ctx, *args: _unwrap(ctx.invoke_script_block(self, args=args, new_scope=True)),
        }


def _unwrap(items: list) -> Any:
    if not items:
        return None
    return items[0] if len(items) == 1 else items


def enumerate_value(value: Any) -> Iterable[Any]:
    """The items of a value: arrays unrolled one level, $null none (foreach, splatting)."""
    if value is None or isinstance(value, conv.AutomationNull):
        return ()
    if isinstance(value, (list, tuple)):
        return value
    if isinstance(value, (bytes, bytearray)):  # a System.Byte[] is an array too
        return list(value)
    return (value,)


def pipeline_items(value: Any) -> Iterable[Any]:
    """What a value sends down a pipeline: like enumerate_value, but $null is one object
    (`$null | ForEach-Object { 'x' }` runs once, `@($null).Count` is 1, about_Automatic_Variables)."""
    return (None,) if value is None else enumerate_value(value)


def _simple_expression(node: ast.Node) -> ast.Node | None:
    """The expression of a statement that is a lone expression (no pipe, no redirection)."""
    if isinstance(node, ast.PipelineAst) and len(node.elements) == 1:
        first = node.elements[0]
        if isinstance(first, ast.CommandExpressionAst) and not first.redirections:
            return first.expression
    return None


def _is_void(node: ast.Node) -> bool:
    """A method call or `[void]` cast: a None result means it returned nothing, not $null."""
    return isinstance(node, ast.InvokeMemberAst) or \
        (isinstance(node, ast.CastAst) and node.type_name.lower() in ("void", "system.void"))


class Evaluator:
    def __init__(self, session: "Session") -> None:
        self.session = session
        self.script: ast.Script | None = None  # the script whose nodes are running
        self.handlers = 0  # enclosing `try` bodies and trapping blocks
        self.caught: list[ErrorRecord] = []  # the errors of the catch blocks running (bare `throw`)

    # -- statement lists, traps -------------------------------------------------------------
    def run_block(self, statements: list[ast.Node], emit: Emit) -> None:
        """Run a statement list. A statement-terminating error stops only its statement: it is
        reported (or trapped) and the next statement runs; what the statement's commands did
        before the error stands (the failing cmdlet call itself undid its own changes). Inside
        `try`, or under a trap of an enclosing block, the error goes up to be handled there."""
        traps = [s for s in statements if isinstance(s, ast.TrapAst)]
        if traps:
            self.handlers += 1
        try:
            for statement in statements:
                if not isinstance(statement, ast.TrapAst):
                    self._run_guarded(statement, emit, traps)
        finally:
            if traps:
                self.handlers -= 1

    def _run_guarded(self, statement: ast.Node, emit: Emit, traps: list[ast.TrapAst]) -> None:
        try:
            self.run_statement(statement, emit)
        except TerminatingError as error:
            if traps:
                self._run_trap(traps, error, emit)
            elif error.script_terminating or self.handlers:
                raise
            else:
                self.session.record_error(error.reported())

    def _run_trap(self, traps: list[ast.TrapAst], error: TerminatingError, emit: Emit) -> None:
        trap = next((t for t in traps if t.type_name is None or exception_matches(error, [t.type_name])), None)
        if trap is None:
            raise error
        session = self.session
        saved = session.scope.save("_")
        session.scope.set("_", error.record)
        try:
            self.run_block(trap.body, emit)
        except ContinueSignal:
            session.record_error(error.record, display=False)
            return
        except BreakSignal:
            raise error from None
        finally:
            session.scope.restore("_", saved)
        session.record_error(error.record, display=True)

    def run_statement(self, node: ast.Node, emit: Emit) -> None:
        handler = self._statement_handlers.get(type(node))
        if handler is None:
            raise AssertionError(f"no handler for {type(node).__name__}")
        handler(self, node, emit)

    # -- pipelines ---------------------------------------------------------------------------------
    def _pipeline(self, node: ast.PipelineAst, emit: Emit) -> None:
        expression = _simple_expression(node)
        if expression is None:
            self.session.run_pipeline(node, emit)
        elif isinstance(expression, ast.IncrementAst) and not expression.prefix:
            self.eval(expression)  # `$i++` alone writes nothing
        else:
            for item in self.output_values(expression):
                emit(item)

    def output_values(self, expression: ast.Node) -> Iterable[Any]:
        """What an expression writes to the pipeline. $null is one object; what produced no output
        (an empty `(...)` or `$(...)`, a void method, `[void]`) writes nothing (AutomationNull)."""
        if isinstance(expression, ast.ParenAst):
            inner = _simple_expression(expression.pipeline)
            if inner is not None:
                return self.output_values(inner)
            if isinstance(expression.pipeline, ast.AssignmentAst):
                return pipeline_items(self.collect(expression.pipeline))
            items: list[Any] = []
            self.run_statement(expression.pipeline, items.append)
            return pipeline_items(_unwrap(items)) if items else ()
        if isinstance(expression, ast.SubExpressionAst) and not expression.array:
            items = self.collect_list(expression.statements)
            return pipeline_items(_unwrap(items)) if items else ()
        value = self.eval(expression)
        if value is None and _is_void(expression):
            return ()
        return pipeline_items(value)

    def range_values(self, node: ast.BinaryAst) -> range:
        """`a..b` first in a pipeline: its numbers one at a time, however many, as PowerShell 3.0
        streams them (`1..1e9 | Select-Object -First 1`)."""
        left, right = self.eval(node.left), self.eval(node.right)
        try:
            return operators.range_of(left, right)
        except conv.ConversionError as error:
            raise self.runtime_error(node, str(error), "RuntimeException", _wrapped(error)) from None

    def _assignment(self, node: ast.AssignmentAst, emit: Emit) -> None:
        value = self.collect(node.value)
        if node.op != "=":
            current = self.eval(node.target)
            value = self.binary_value(node.op[0], current, value, node)
        self.assign(node.target, value)

    def collect(self, node: ast.Node) -> Any:
        """Run a statement and return its output as PowerShell does to an assignment."""
        expression = _simple_expression(node)
        if expression is not None:
            return self.eval(expression)
        if isinstance(node, ast.AssignmentAst):
            self._assignment(node, lambda value: None)
            return self.eval(node.target)
        items: list[Any] = []
        self.run_statement(node, items.append)
        return _unwrap(items)

    def collect_list(self, statements: list[ast.Node]) -> list[Any]:
        items: list[Any] = []
        self.run_block(statements, items.append)
        return items

    # -- compound statements ------------------------------------------------------------------------
    def _if(self, node: ast.IfAst, emit: Emit) -> None:
        for condition, body in node.clauses:
            if conv.to_bool(self.collect(condition)):
                self.run_block(body, emit)
                return
        if node.else_body is not None:
            self.run_block(node.else_body, emit)

    def _loop_body(self, body: list[ast.Node], emit: Emit, label: str | None) -> bool:
        """Run a loop body; False when `break` ends the loop."""
        return self._iteration(partial(self.run_block, body, emit), label)

    def _iteration(self, run: Callable[[], None], label: str | None) -> bool:
        """One pass of a loop or switch; False when `break` ends it. A break or continue aimed at
        another loop (an outer label; with no loop here, one of a caller: PowerShell looks for
        it dynamically) goes on up."""
        try:
            run()
        except BreakSignal as signal:
            if not signal.targets(label):
                raise
            return False
        except ContinueSignal as signal:
            if not signal.targets(label):
                raise
        return True

    def _while(self, node: ast.WhileAst, emit: Emit) -> None:
        while conv.to_bool(self.collect(node.condition)):
            if not self._loop_body(node.body, emit, node.label):
                break

    def _do(self, node: ast.DoAst, emit: Emit) -> None:
        while True:
            if not self._loop_body(node.body, emit, node.label):
                break
            result = conv.to_bool(self.collect(node.condition))
            if result == node.until:
                break

    def _for(self, node: ast.ForAst, emit: Emit) -> None:
        if node.initializer is not None:
            self.run_statement(node.initializer, lambda v: None)
        while node.condition is None or conv.to_bool(self.collect(node.condition)):
            if not self._loop_body(node.body, emit, node.label):
                break
            if node.iterator is not None:
                self.run_statement(node.iterator, lambda v: None)

    def _foreach(self, node: ast.ForEachAst, emit: Emit) -> None:
        for item in list(enumerate_value(self.collect(node.iterable))):
            self.session.scope.set(node.variable, item)
            if not self._loop_body(node.body, emit, node.label):
                break

    def _switch(self, node: ast.SwitchAst, emit: Emit) -> None:
        """`continue` moves on to the next item, `break` leaves the switch (about_Switch)."""
        flags = {flag.lower() for flag in node.flags}
        mode = "regex" if "regex" in flags else "wildcard" if "wildcard" in flags else "exact"
        case_sensitive = "casesensitive" in flags
        value = self.collect(node.condition)
        items = list(enumerate_value(value)) if isinstance(value, list) else [value]
        scope = self.session.scope
        saved = scope.save("_")
        try:
            for item in items:
                scope.set("_", item)
                if not self._iteration(partial(self._switch_item, node, item, mode, case_sensitive, emit), node.label):
                    break
        finally:
            scope.restore("_", saved)

    def _switch_item(self, node: ast.SwitchAst, item: Any, mode: str, case_sensitive: bool, emit: Emit) -> None:
        matched = False
        for pattern, body in node.clauses:
            if pattern is None:
                continue
            if self._switch_matches(pattern, item, mode, case_sensitive):
                matched = True
                self.run_block(body, emit)
        if not matched:
            for pattern, body in node.clauses:
                if pattern is None:
                    self.run_block(body, emit)

    def _switch_matches(self, pattern: ast.Node, item: Any, mode: str, case_sensitive: bool) -> bool:
        if isinstance(pattern, ast.ScriptBlockExpressionAst):
            block = self.eval(pattern)
            return conv.to_bool(_unwrap(self.session.invoke_script_block(block, dollar_under=item, new_scope=False)))
        expected = self.eval(pattern)
        if mode == "regex":
            found = operators.match(item, expected, case_sensitive)
            if found is not None:
                self.session.scope.set("Matches", operators.matches_table(found))
            return found is not None
        if mode == "wildcard":
            return operators.like(item, expected, case_sensitive)
        return operators.equals(item, expected, case_sensitive)

    def _function(self, node: ast.FunctionDefinitionAst, emit: Emit) -> None:
        self.session.define_function(node, self.script)

    def _trap(self, node: ast.TrapAst, emit: Emit) -> None:
        return  # traps are registered by run_block

    def _try(self, node: ast.TryAst, emit: Emit) -> None:
        try:
            try:
                self.handlers += 1
                try:
                    self.run_block(node.body, emit)
                finally:
                    self.handlers -= 1
            except TerminatingError as error:
                clause = next((body for names, body in node.catches
                               if not names or exception_matches(error, names)), None)
                if clause is None:
                    raise
                self.session.record_error(error.record, display=False)
                if clause:  # $? is then the catch block's own outcome; an empty one leaves it False
                    self.session.statement_failed = False
                scope = self.session.scope
                saved = scope.save("_")
                scope.set("_", error.record)
                self.caught.append(error.record)
                try:
                    self.run_block(clause, emit)
                finally:
                    self.caught.pop()
                    scope.restore("_", saved)
        finally:
            if node.finally_body is not None:
                self.run_block(node.finally_body, emit)

    def _flow(self, node: ast.FlowAst, emit: Emit) -> None:
        if node.kind == "break":
            raise BreakSignal(node.label)
        if node.kind == "continue":
            raise ContinueSignal(node.label)
        if node.kind == "return":
            if node.value is not None:
                self.run_statement(node.value, emit)
            raise ReturnSignal()
        if node.kind == "exit":
            code = self.collect(node.value) if node.value is not None else 0
            try:
                raise ExitSignal(conv.to_int(code) if code is not None else 0)
            except conv.ConversionError as error:
                raise self.runtime_error(node, str(error), "RuntimeException") from None
        raise TerminatingError(self._thrown_record(node), script_terminating=True)

    def _thrown_record(self, node: ast.FlowAst) -> ErrorRecord:
        """`throw X`; a bare `throw` in a catch block throws the caught error again (about_Throw)."""
        if node.value is None and self.caught:
            return self.caught[-1]
        value = self.collect(node.value) if node.value is not None else None
        if isinstance(value, ErrorRecord):
            return value
        message = conv.expand_string(value) if value is not None else "ScriptHalted"
        # Reported just after the keyword, as command errors are (PS 2.0 about_Throw: `throw <<<<`)
        keyword = ast.Extent(node.extent.start, node.extent.start + len("throw"), node.extent.line, node.extent.column)
        return ErrorRecord(message, error_id=message, category="OperationStopped", target=value,
                           exception_type="RuntimeException", position=command_position(self.script, keyword))

    # -- expressions --------------------------------------------------------------------------------
    def eval(self, node: ast.Node) -> Any:
        handler = self._expression_handlers.get(type(node))
        if handler is None:
            raise AssertionError(f"no expression handler for {type(node).__name__}")
        try:
            return handler(self, node)
        except (members.MemberError, operators.OperatorError, conv.ConversionError, types.UnknownType,
                VariableError) as error:
            raise self.runtime_error(node, str(error), getattr(error, "error_id", "RuntimeException"),
                                     _wrapped(error)) from None

    def runtime_error(self, node: ast.Node, message: str, error_id: str,
                      inner: ExceptionInfo | None = None) -> TerminatingError:
        """A RuntimeException at `node`, wrapping the .NET exception an operator or conversion threw."""
        category = "InvalidArgument" if error_id in ("InvalidCastFromStringToInteger",) else "InvalidOperation"
        record = ErrorRecord(message, error_id=error_id, category=category, exception_type="RuntimeException",
                             position=node_position(self.script, node.extent), inner=inner)
        return TerminatingError(record)

    def _constant(self, node: ast.ConstantAst) -> Any:
        return node.value

    def _expandable(self, node: ast.ExpandableStringAst) -> str:
        ofs = self.session.get_variable("OFS")
        separator = " " if ofs is None else conv.expand_string(ofs)
        out = []
        for part in node.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                out.append(conv.expand_string(self.eval(part), separator))
        return "".join(out)

    def _variable(self, node: ast.VariableAst) -> Any:
        if node.splat:
            raise self.runtime_error(node, "Splatted variables like '@" + node.name + "' cannot be part of a comma-"
                                     "separated list of arguments.", "SplattingNotPermitted")
        return self.session.get_variable(node.name)

    def _type(self, node: ast.TypeAst) -> Any:
        return types.TypeValue(types.resolve_type(node.name))

    def _array(self, node: ast.ArrayLiteralAst) -> list:
        return [self.eval(item) for item in node.items]

    def _paren(self, node: ast.ParenAst) -> Any:
        return self.collect(node.pipeline)

    def _subexpression(self, node: ast.SubExpressionAst) -> Any:
        items = self.collect_list(node.statements)
        if node.array:
            return items
        return _unwrap(items)

    def _hashtable(self, node: ast.HashtableAst) -> Hashtable:
        table = Hashtable()
        for key_node, value_node in node.entries:
            key = self.eval(key_node)
            if key in table:
                raise self.runtime_error(key_node, f"Duplicate keys '{conv.expand_string(key)}' are not allowed in "
                                         f"hash literals.", "DuplicateKeyInHashLiteral")
            table[key] = self.collect(value_node)
        return table

    def _script_block(self, node: ast.ScriptBlockExpressionAst) -> ScriptBlock:
        text = self.script.text[node.extent.start + 1:node.extent.end - 1] if self.script else ""
        return ScriptBlock(node.block, self.script, text)

    def _cast(self, node: ast.CastAst) -> Any:
        value = self.eval(node.operand)
        if node.type_name.lower() in ("scriptblock", "system.management.automation.scriptblock"):
            if isinstance(value, ScriptBlock):
                return value
            return self.session.script_block_from_text(conv.expand_string(value))
        return types.cast(value, node.type_name)

    def _unary(self, node: ast.UnaryAst) -> Any:
        op = node.op
        value = self.eval(node.operand)
        if op in ("!", "-not"):
            return not conv.to_bool(value)
        if op == ",":
            return [value]
        if op == "-":
            return operators.subtract(0, value) if not isinstance(value, str) else -conv.to_number(value)
        if op == "+":
            return conv.to_number(value)
        if op == "-bnot":
            return ~conv.to_int(value, 64)
        if op == "-split":
            return operators.split(value)
        if op == "-join":
            return operators.join(value)
        raise AssertionError(op)

    def _binary(self, node: ast.BinaryAst) -> Any:
        op = node.op
        if op == "-and":
            return conv.to_bool(self.eval(node.left)) and conv.to_bool(self.eval(node.right))
        if op == "-or":
            return conv.to_bool(self.eval(node.left)) or conv.to_bool(self.eval(node.right))
        left = self.eval(node.left)
        right = self.eval(node.right)
        return self.binary_value(op, left, right, node)

    def binary_value(self, op: str, left: Any, right: Any, node: ast.Node) -> Any:
        arithmetic = _ARITHMETIC.get(op)
        if arithmetic is not None:
            return arithmetic(left, right)
        if op == "-xor":
            return conv.to_bool(left) != conv.to_bool(right)
        if op in ("-is", "-isnot"):
            result = types.is_instance(left, _type_name(right))
            return result if op == "-is" else not result
        if op == "-as":
            try:
                return types.cast(left, _type_name(right))
            except (conv.ConversionError, ValueError):
                return None
        if op in ("-band", "-bor", "-bxor", "-shl", "-shr"):
            return operators.bitwise(op, left, right)
        result = operators.comparison(op, left, right)
        if op.lstrip("-").lower().lstrip("ci") in ("match",) and not isinstance(left, list) and result:
            found = operators.match(left, right, op.lower().startswith("-c"))
            if found is not None:
                self.session.scope.set("Matches", operators.matches_table(found))
        return result

    def _member(self, node: ast.MemberAst) -> Any:
        name = self._member_name(node.member)
        target = self.eval(node.target)
        if node.static:
            return members.get_static(_as_type(target, node), name, self.session)
        return members.get_property(target, name)

    def _member_name(self, member: Any) -> str:
        return member if isinstance(member, str) else conv.expand_string(self.eval(member))

    def _invoke(self, node: ast.InvokeMemberAst) -> Any:
        name = self._member_name(node.member)
        target = self.eval(node.target)
        args = [self.eval(argument) for argument in node.arguments]
        try:
            if node.static:
                return members.invoke_static(_as_type(target, node), name, args, self.session)
            return members.invoke_method(target, name, args, self.session)
        except members.MemberError as error:
            thrown = error.error_id == "MethodInvocationException"  # the method ran and threw
            record = ErrorRecord(str(error), error_id=error.error_id,
                                 category="NotSpecified" if thrown else "InvalidOperation",
                                 exception_type="MethodInvocationException" if thrown else "RuntimeException",
                                 position=self._call_position(node), inner=_wrapped(error))
            raise TerminatingError(record) from None

    def _call_position(self, node: ast.InvokeMemberAst) -> ScriptPosition | None:
        """A failed call points at its opening parenthesis, the marker after it (`$x.Connect( <<<< `)."""
        script = self.script
        if script is None:
            return None
        paren = script.text.find("(", node.target.extent.end, node.extent.end)
        if paren < 0:
            return node_position(script, node.extent)
        line = node.extent.line + script.text.count("\n", node.extent.start, paren)
        column = paren - (script.text.rfind("\n", 0, paren) + 1) + 1
        return ScriptPosition(line, column, script.line_text(line), column, script.file)

    def _index(self, node: ast.IndexAst) -> Any:
        target = self.eval(node.target)
        index = self.eval(node.index)
        if isinstance(index, list):
            return [_index_one(target, i) for i in index]
        return _index_one(target, index)

    def _increment(self, node: ast.IncrementAst) -> Any:
        old = self.eval(node.target)
        new = operators.add(conv.to_number(old), 1) if node.op == "++" else operators.subtract(conv.to_number(old), 1)
        self.assign(node.target, new)
        return new if node.prefix else old

    # -- assignment -------------------------------------------------------------------------------------
    def assign(self, target: ast.Node, value: Any) -> None:
        try:
            self._assign(target, value)
        except (members.MemberError, VariableError, conv.ConversionError, types.UnknownType) as error:
            raise self.runtime_error(target, str(error), getattr(error, "error_id", "RuntimeException")) from None

    def _assign(self, target: ast.Node, value: Any) -> None:
        if isinstance(target, ast.VariableAst):
            self.session.set_variable(target.name, value)
        elif isinstance(target, ast.CastAst) and isinstance(target.operand, ast.VariableAst):
            self.session.set_variable(target.operand.name, value, type_name=target.type_name)
        elif isinstance(target, ast.CastAst):
            self._assign(target.operand, types.cast(value, target.type_name))
        elif isinstance(target, ast.MemberAst):
            members.set_property(self.eval(target.target), self._member_name(target.member), value)
        elif isinstance(target, ast.IndexAst):
            self._assign_index(self.eval(target.target), self.eval(target.index), value, target.index)
        elif isinstance(target, ast.ArrayLiteralAst):
            values = list(enumerate_value(value))
            for position, item in enumerate(target.items):
                if position == len(target.items) - 1:
                    rest = values[position:]
                    self._assign(item, _unwrap(rest) if len(rest) != 1 else rest[0])
                else:
                    self._assign(item, values[position] if position < len(values) else None)

    def _assign_index(self, container: Any, index: Any, value: Any, node: ast.Node) -> None:
        if index is None and isinstance(container, (Hashtable, list)):
            raise self.runtime_error(node, "Index operation failed; the array index evaluated to null.",
                                     "NullArrayIndex")
        if isinstance(container, Hashtable):
            container[index] = value
            return
        if isinstance(container, list):
            position = conv.to_int(index)
            if not -len(container) <= position < len(container):
                raise self.runtime_error(node, "Array assignment failed because index '" + str(position) +
                                         "' was out of range.", "IndexOutOfRange")
            container[position] = value
            return
        raise self.runtime_error(node, f"Unable to index into an object of type {_short(container)}.",
                                 "CannotIndex")

    _statement_handlers: dict[type, Callable] = {}
    _expression_handlers: dict[type, Callable] = {}


def _short(value: Any) -> str:
    from emshell.engine.objects import type_name

    return type_name(value)


# Operators that are one function of their two values.
_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": operators.add, "-": operators.subtract, "*": operators.multiply, "/": operators.divide,
    "%": operators.modulo, "..": operators.value_range, "-f": operators.format_operator,
}

def _type_name(value: Any) -> str:
    if isinstance(value, types.TypeValue):
        return value.type.full_name
    return conv.expand_string(value)


def _as_type(target: Any, node: ast.Node) -> types.PSType:
    if isinstance(target, types.TypeValue):
        return target.type
    return types.resolve_type(conv.expand_string(target))


def _index_one(target: Any, index: Any) -> Any:
    if target is None:
        return None
    if isinstance(target, Hashtable):
        return target.get(index)
    if isinstance(target, (list, str, bytes)):
        try:
            position = conv.to_int(index)
        except conv.ConversionError:
            return None
        if -len(target) <= position < len(target):
            return target[position]
        return None
    if isinstance(target, PSObject) and isinstance(index, str):
        return target.ps_get(index) if target.ps_has(index) else None
    if conv.to_int(index) == 0 and not is_enum(target):
        return target  # a scalar indexes as a one-element array
    return None


def _wrapped(error: Exception) -> ExceptionInfo | None:
    """The .NET exception behind an engine error, when it stands for one (`exception_type`)."""
    if isinstance(error, members.MemberError):
        wrapped = error.wrapped()
        return ExceptionInfo(*wrapped) if wrapped else None
    exception_type = getattr(error, "exception_type", None)
    return ExceptionInfo(exception_type, str(error)) if exception_type else None


Evaluator._statement_handlers = {
    ast.PipelineAst: Evaluator._pipeline,
    ast.AssignmentAst: Evaluator._assignment,
    ast.IfAst: Evaluator._if,
    ast.WhileAst: Evaluator._while,
    ast.DoAst: Evaluator._do,
    ast.ForAst: Evaluator._for,
    ast.ForEachAst: Evaluator._foreach,
    ast.SwitchAst: Evaluator._switch,
    ast.FunctionDefinitionAst: Evaluator._function,
    ast.TrapAst: Evaluator._trap,
    ast.TryAst: Evaluator._try,
    ast.FlowAst: Evaluator._flow,
}
Evaluator._expression_handlers = {
    ast.ConstantAst: Evaluator._constant,
    ast.ExpandableStringAst: Evaluator._expandable,
    ast.VariableAst: Evaluator._variable,
    ast.TypeAst: Evaluator._type,
    ast.ArrayLiteralAst: Evaluator._array,
    ast.ParenAst: Evaluator._paren,
    ast.SubExpressionAst: Evaluator._subexpression,
    ast.HashtableAst: Evaluator._hashtable,
    ast.ScriptBlockExpressionAst: Evaluator._script_block,
    ast.CastAst: Evaluator._cast,
    ast.UnaryAst: Evaluator._unary,
    ast.BinaryAst: Evaluator._binary,
    ast.MemberAst: Evaluator._member,
    ast.InvokeMemberAst: Evaluator._invoke,
    ast.IndexAst: Evaluator._index,
    ast.IncrementAst: Evaluator._increment,
}

__all__ = ["Evaluator", "ScriptBlock", "BreakSignal", "ContinueSignal", "ReturnSignal", "ExitSignal",
           "enumerate_value", "NO_INPUT", "PSError"]
