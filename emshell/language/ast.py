"""The syntax tree: dataclasses with source extents (lark's create_ast example, PowerShell's own AST names)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass(frozen=True)
class Extent:
    """Where a node came from: offsets into the script text, 1-based line/column of its start."""

    start: int
    end: int
    line: int
    column: int


@dataclass(eq=False)
class Node:
    extent: Extent


# -- expressions ---------------------------------------------------------------------------
@dataclass(eq=False)
class ConstantAst(Node):
    value: Any
    text: str = ""  # source text, kept for numbers passed to commands (`1kb` binds to strings as "1kb")


@dataclass(eq=False)
class ExpandableStringAst(Node):
    parts: list[Union[str, "Node"]]
    text: str = ""


@dataclass(eq=False)
class VariableAst(Node):
    name: str
    splat: bool = False


@dataclass(eq=False)
class TypeAst(Node):
    name: str


@dataclass(eq=False)
class BinaryAst(Node):
    op: str
    left: Node
    right: Node


@dataclass(eq=False)
class UnaryAst(Node):
    op: str
    operand: Node


@dataclass(eq=False)
class CastAst(Node):
    type_name: str
    operand: Node


@dataclass(eq=False)
class ArrayLiteralAst(Node):
    items: list[Node]


@dataclass(eq=False)
class ParenAst(Node):
    pipeline: Node


@dataclass(eq=False)
class SubExpressionAst(Node):
    statements: list[Node]
    array: bool = False  # @( ) always yields an array


@dataclass(eq=False)
class HashtableAst(Node):
    entries: list[tuple[Node, Node]]


@dataclass(eq=False)
class ScriptBlockExpressionAst(Node):
    block: "ScriptBlockAst"


@dataclass(eq=False)
class MemberAst(Node):
    target: Node
    member: Union[str, Node]
    static: bool = False


@dataclass(eq=False)
class InvokeMemberAst(Node):
    target: Node
    member: Union[str, Node]
    arguments: list[Node]
    static: bool = False


@dataclass(eq=False)
class IndexAst(Node):
    target: Node
    index: Node


@dataclass(eq=False)
class IncrementAst(Node):
    target: Node
    op: str  # "++" or "--"
    prefix: bool


# -- commands and pipelines --------------------------------------------------------------------
@dataclass(eq=False)
class CommandParameterAst(Node):
    name: str  # without the dash
    argument: Node | None
    text: str  # as typed, dash included (native programs receive it)
    colon: bool = False


@dataclass(eq=False)
class RedirectionAst(Node):
    op: str
    target: Node | None


@dataclass(eq=False)
class CommandAst(Node):
    name: Union[str, Node]
    elements: list[Node]  # CommandParameterAst, argument expressions, RedirectionAst, "--" marker
    invocation: str | None = None  # "&" or "." or None
    name_extent: Extent | None = None


@dataclass(eq=False)
class EndOfParametersAst(Node):
    pass


@dataclass(eq=False)
class CommandExpressionAst(Node):
    expression: Node
    redirections: list[RedirectionAst] = field(default_factory=list)


@dataclass(eq=False)
class PipelineAst(Node):
    elements: list[Node]  # first may be CommandExpressionAst, others CommandAst


@dataclass(eq=False)
class AssignmentAst(Node):
    target: Node
    op: str
    value: Node


# -- statements ----------------------------------------------------------------------------
@dataclass(eq=False)
class IfAst(Node):
    clauses: list[tuple[Node, list[Node]]]
    else_body: list[Node] | None


@dataclass(eq=False)
class WhileAst(Node):
    condition: Node
    body: list[Node]
    label: str | None = None  # `:name` before a loop or switch: `break name` / `continue name`


@dataclass(eq=False)
class DoAst(Node):
    body: list[Node]
    condition: Node
    until: bool
    label: str | None = None


@dataclass(eq=False)
class ForAst(Node):
    initializer: Node | None
    condition: Node | None
    iterator: Node | None
    body: list[Node]
    label: str | None = None


@dataclass(eq=False)
class ForEachAst(Node):
    variable: str
    iterable: Node
    body: list[Node]
    label: str | None = None


@dataclass(eq=False)
class SwitchAst(Node):
    flags: list[str]
    condition: Node
    clauses: list[tuple[Union[Node, None], list[Node]]]  # None pattern = default
    label: str | None = None


@dataclass(eq=False)
class AttributeAst(Node):
    name: str
    positional: list[Any]
    named: dict[str, Any]


@dataclass(eq=False)
class ParameterAst(Node):
    name: str
    type_name: str | None
    attributes: list[AttributeAst]
    default: Node | None


@dataclass(eq=False)
class ScriptBlockAst(Node):
    parameters: list[ParameterAst] | None
    statements: list[Node]
    begin: list[Node] | None = None
    process: list[Node] | None = None
    end: list[Node] | None = None
    text: str = ""  # the block's source, for ToString()

    @property
    def has_named_blocks(self) -> bool:
        return self.begin is not None or self.process is not None or self.end is not None


@dataclass(eq=False)
class FunctionDefinitionAst(Node):
    name: str
    body: ScriptBlockAst
    is_filter: bool = False


@dataclass(eq=False)
class TrapAst(Node):
    type_name: str | None
    body: list[Node]


@dataclass(eq=False)
class TryAst(Node):
    body: list[Node]
    catches: list[tuple[list[str], list[Node]]]
    finally_body: list[Node] | None


@dataclass(eq=False)
class FlowAst(Node):
    kind: str  # return throw exit break continue
    value: Node | None
    label: str | None = None


@dataclass
class Script:
    """A parsed script: the tree plus the text and file it came from (for error positions)."""

    block: ScriptBlockAst
    text: str
    file: str | None = None

    def line_text(self, line: int) -> str:
        lines = self.text.split("\n")
        return lines[line - 1] if 0 < line <= len(lines) else ""
