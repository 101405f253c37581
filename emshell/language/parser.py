"""Text -> AST: the mode-aware tokenizer feeds lark's LALR parser; a Transformer builds dataclasses.

Parse errors become `ParseError`s carrying a PowerShell error record with a position, and an
`incomplete` flag (an open brace, quote or trailing pipe) so the REPL can continue with `>> `.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from lark import Lark, Token, Transformer
from lark.exceptions import UnexpectedInput
from lark.lexer import Lexer

import emshell.grammar
from emshell.engine.errors import ErrorRecord, ParseError, ScriptPosition
from emshell.language import ast
from emshell.language.messages import message
from emshell.language.tokenizer import (
    DOUBLE_QUOTES, VARIABLE_NAME_RE, Frame, GenericWord, LexError, S, Tokenizer, closer_error, escape_char,
)


class _TokenFeed(Lexer):
    """Lark 'lexer' that replays the tokens our own tokenizer produced."""

    def __init__(self, lexer_conf: Any) -> None:  # lark's interface
        pass

    def lex(self, data: list[Token]):  # type: ignore[override]  # lark passes custom input as is
        return iter(data)


@lru_cache(maxsize=1)
def _lark() -> Lark:
    # The builder runs inside the LALR parser (no intermediate tree): about twice as fast.
    # (The grammar is read beside the package's __init__; importlib.resources costs start-up time.)
    grammar = (Path(emshell.grammar.__file__).parent / "powershell.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", lexer=_TokenFeed, transformer=_BUILDER,
                maybe_placeholders=False, cache=True)


EXPRESSION_TOKENS = {
    "VARIABLE", "NUMBER", "STRING_SQ", "STRING_DQ", "HERE_SQ", "HERE_DQ", "LPAREN", "DOLLAR_PAREN",
    "AT_PAREN", "AT_BRACE", "TYPE", "CAST_TYPE", "UMINUS", "BANG", "NOT_OP",
}
BINARY_TOKENS = {
    "PLUS", "MINUS", "STAR", "SLASH", "PERCENT", "DOTDOT", "FORMAT_OP", "COMPARISON_OP",
    "LOGICAL_OP", "BITWISE_OP", "ASSIGN",
}
OPENERS = {"LPAREN", "LPAREN_CALL", "DOLLAR_PAREN", "AT_PAREN", "LBRACE", "AT_BRACE", "LBRACKET"}
CLOSERS = {"RPAREN", "RBRACE", "RBRACKET"}
UNARY_TOKENS = {"BANG", "NOT_OP", "BNOT_OP", "UMINUS", "UPLUS", "USPLIT_OP", "UJOIN_OP", "PREINC", "PREDEC"}
# Keywords whose `(` is missing at the end of the input.
PAREN_KEYWORDS = {"IF", "ELSEIF", "WHILE", "UNTIL", "FOREACH", "FOR"}


def parse(text: str, file: str | None = None) -> ast.Script:
    """Parse a whole script (or one interactive input). Raises ParseError."""
    tokenizer = Tokenizer(text)
    source = tokenizer.text
    try:
        toks = tokenizer.tokenize()
    except LexError as error:
        raise _lex_error(source, file, error) from None
    saved = _BUILDER.use(source, tokenizer.values, file)
    try:
        block = _lark().parse(toks)  # type: ignore[arg-type]
    except UnexpectedInput as error:
        raise _grammar_error(source, file, toks, tokenizer, error) from None
    except RecursionError:
        raise make_parse_error(source, file, 0, "ScriptTooDeeplyNested",
                               "The script is nested too deeply to be parsed.") from None
    finally:
        _BUILDER.restore(saved)
    return ast.Script(block, source, file)


# -- errors -----------------------------------------------------------------------------------
def _position(source: str, file: str | None, offset: int) -> ScriptPosition:
    lines = source.split("\n")
    before = source[:offset]
    line = before.count("\n") + 1
    column = offset - (before.rfind("\n") + 1) + 1
    text = lines[line - 1] if line - 1 < len(lines) else ""
    return ScriptPosition(line_number=line, column=column, line_text=text, marker=column - 1, file=file)


def _end_position(source: str, file: str | None) -> ScriptPosition:
    trimmed = source.rstrip("\n")
    return _position(source, file, len(trimmed))


def make_parse_error(source: str, file: str | None, offset: int | None, error_id: str, message: str,
                     incomplete: bool = False) -> ParseError:
    position = _end_position(source, file) if offset is None else _position(source, file, offset)
    record = ErrorRecord(message, error_id=error_id, category="ParserError",
                         exception_type="ParseException", position=position, is_parse_error=True)
    return ParseError(record, incomplete=incomplete)


def _lex_error(source: str, file: str | None, error: LexError) -> ParseError:
    if error.error_id == "TerminatorExpectedAtEndOfString":
        # The message marks where the string starts; the error itself sits at the end of the
        # input, where the terminator was expected.
        start = _position(source, file, len(source) - len(error.token_text))
        message = error.message.replace("{position}", "\n" + _position_block(start) + "\n")
        record = ErrorRecord(message, error_id=error.error_id, category="ParserError",
                             exception_type="ParseException", position=_end_position(source, file),
                             is_parse_error=True)
        return ParseError(record, incomplete=True)
    offset = None if error.offset >= len(source) else error.offset
    return make_parse_error(source, file, offset, error.error_id, error.message, error.incomplete)


def _position_block(position: ScriptPosition) -> str:
    """`At line:L char:C` and the marked source line, as PowerShell 1.0/2.0 print them."""
    where = position.file or "line"
    text = position.line_text
    marked = text[:position.marker] + " <<<< " + text[position.marker:]
    return f"At {where}:{position.line_number} char:{position.column}\n+ {marked}"


def _grammar_error(source: str, file: str | None, toks: list[Token], tokenizer: Tokenizer,
                   error: UnexpectedInput) -> ParseError:
    token = getattr(error, "token", None)
    index = len(toks) if token is None or token.type == "$END" else \
        next((i for i, tok in enumerate(toks) if tok.start_pos == token.start_pos), len(toks))
    if all(tok.type == "NEWLINE" for tok in toks[index:]):  # only line ends follow: more input may come
        return _incomplete_error(source, file, toks[:index], tokenizer)
    token = toks[index]
    previous = toks[index - 1] if index else None
    kind = previous.type if previous is not None else None

    def fail(error_id: str, *args: str, at: Token = token) -> ParseError:
        return make_parse_error(source, file, at.start_pos, error_id, message(error_id, *args))

    if kind == "PIPE" and token.type in EXPRESSION_TOKENS:
        return fail("ExpressionsMustBeFirstInPipeline")
    if kind == "PIPE" and token.type in ("PIPE", "NEWLINE", "SEMI", "RPAREN", "RBRACE"):
        return fail("EmptyPipeElement")
    if kind in BINARY_TOKENS:
        return fail("ExpectedValueExpression", str(previous))
    if kind == "PARAMETER_COLON":
        return fail("ParameterRequiresArgument", tokenizer.values[previous.start_pos], at=previous)
    unfinished = _unfinished_statement(previous, token.type, tokenizer)
    if unfinished is not None:
        next_token = next((tok for tok in toks[index:] if tok.type != "NEWLINE"), None)
        offset = next_token.start_pos if next_token is not None else None
        return make_parse_error(source, file, offset, unfinished, message(unfinished))
    frame = _open_frame_at(toks, index, tokenizer)
    if frame is not None and frame.kind == "index" and kind == "LBRACKET":
        return fail("MissingArrayIndexExpression", at=previous)
    if frame is not None and (frame.kind in ("args", "index") or frame.kind == "paren" and token.type == "NEWLINE"):
        error_id, args = closer_error(frame)  # the bracket must close where the argument or statement ends
        return fail(error_id, *args)
    text = source[token.start_pos:token.end_pos]
    return fail("UnexpectedToken", text)


def _unfinished_statement(previous: Token | None, following: str | None, tokenizer: Tokenizer) -> str | None:
    """`try { }` with no catch or finally, `do { }` with no while or until: the error id when
    `previous` ends such a block and a token of type `following` (None: the end) comes next."""
    if previous is None or previous.type != "RBRACE" or following in ("WHILE", "UNTIL"):
        return None
    after = tokenizer.frame_at[previous.start_pos].data.get("after")
    return {"TRY": "MissingCatchOrFinally", "DO": "MissingWhileOrUntilInDoWhile"}.get(after)


def _open_frame_at(toks: list[Token], index: int, tokenizer: Tokenizer) -> Frame | None:
    """The innermost bracket still open before `toks[index]`."""
    stack: list[Token] = []
    for tok in toks[:index]:
        if tok.type in OPENERS:
            stack.append(tok)
        elif tok.type in CLOSERS and stack:
            stack.pop()
    return tokenizer.frame_at[stack[-1].start_pos] if stack else None


def _incomplete_error(source: str, file: str | None, toks: list[Token], tokenizer: Tokenizer) -> ParseError:
    """The input ended too early: PowerShell's error for what is missing, flagged incomplete."""
    error_id, args = _missing_at_end(toks, tokenizer)
    offset = toks[-1].start_pos if error_id == "ParameterRequiresArgument" else None
    incomplete = error_id not in ("ParameterRequiresArgument", "MissingFileSpecification")
    return make_parse_error(source, file, offset, error_id, message(error_id, *args), incomplete)


def _missing_at_end(toks: list[Token], tokenizer: Tokenizer) -> tuple[str, tuple[str, ...]]:
    """(error id, message arguments) for input that ends after `toks`."""
    last = toks[-1] if toks else None
    kind = last.type if last is not None else None
    if kind == "PIPE":
        return ("EmptyPipeElement", ())
    if kind in BINARY_TOKENS:
        return ("ExpectedValueExpression", (str(last),))
    if kind == "PARAMETER_COLON":
        return ("ParameterRequiresArgument", (tokenizer.values[last.start_pos],))
    if kind == "REDIR":
        return ("MissingFileSpecification", ())
    if kind == "COMMA" and tokenizer.state is S.ARGS:  # `Write-Host a,`
        return ("MissingExpression", (",",))
    if kind in ("COMMA", "UCOMMA", "ARGSEP"):  # `(1,`, `$x.f(1,`
        return ("MissingExpressionAfterToken", (",",))
    if kind in UNARY_TOKENS:
        return ("MissingExpressionAfterOperator", (tokenizer.values[last.start_pos],))
    if kind in PAREN_KEYWORDS:
        return ("MissingOpenParenthesisAfterKeyword", (str(last).lower(),))
    if kind in ("SWITCH", "SWITCH_FLAG"):
        return ("PipelineValueRequired", ())
    if kind in ("FUNCTION", "FILTER"):
        return ("MissingNameAfterFunctionKeyword", ())
    unfinished = _unfinished_statement(last, None, tokenizer)
    if unfinished is not None:
        return (unfinished, ())
    expected = tokenizer.block_expected(toks)
    if expected is not None:
        return expected
    frame = tokenizer.frame if len(tokenizer.frames) > 1 else None
    if frame is not None and frame.kind == "foreach" and kind in ("LPAREN", "VARIABLE", "IN"):
        return ({"LPAREN": "MissingVariableNameAfterForeach", "VARIABLE": "MissingInInForeach",
                 "IN": "MissingForeachExpression"}[kind], ())
    if frame is not None:
        return closer_error(frame)
    return ("IncompleteStatement", ())


# -- tree -> dataclasses -----------------------------------------------------------------------
def _first(item: Any) -> ast.Extent | None:
    if isinstance(item, ast.Extent):
        return item
    if isinstance(item, Token):
        return _tok_extent(item)
    if isinstance(item, ast.Node):
        return item.extent
    if isinstance(item, (list, tuple)):
        for child in item:
            found = _first(child)
            if found is not None:
                return found
    return None


def _last_end(item: Any) -> int | None:
    if isinstance(item, ast.Extent):
        return item.end
    if isinstance(item, Token):
        return item.end_pos
    if isinstance(item, ast.Node):
        return item.extent.end
    if isinstance(item, (list, tuple)):
        for child in reversed(item):
            found = _last_end(child)
            if found is not None:
                return found
    return None


def _span(children: list) -> ast.Extent:
    """The extent covering a rule's children (tokens and nodes)."""
    first = _first(children)
    if first is None:
        return ast.Extent(0, 0, 1, 1)
    end = _last_end(children)
    return ast.Extent(first.start, first.end if end is None else end, first.line, first.column)


def _tok_extent(token: Token) -> ast.Extent:
    return ast.Extent(token.start_pos, token.end_pos, token.line, token.column)


def parse_number(text: str) -> int | float:
    """A PowerShell numeric literal: hex, decimal, exponent, `l`/`d` suffix, kb..pb multiplier (§A5)."""
    lower = text.lower()
    multiplier = 1
    for suffix, factor in (("kb", 1024), ("mb", 1024**2), ("gb", 1024**3), ("tb", 1024**4), ("pb", 1024**5)):
        if lower.endswith(suffix):
            multiplier = factor
            lower = lower[:-2]
            break
    force_decimal = lower.endswith("d") and not lower.startswith("0x")
    if lower.endswith("l") or force_decimal:
        lower = lower[:-1]
    if lower.startswith("0x"):
        value: int | float = int(lower, 16)
        if value <= 0xFFFFFFFF and value > 0x7FFFFFFF:
            value -= 1 << 32  # 0xFFFFFFFF is Int32 -1 (§A5)
        return value * multiplier
    if "." in lower or "e" in lower:
        value = float(lower) * multiplier
        return value
    return int(lower) * multiplier


class _Builder(Transformer):
    """Rule callbacks that build the AST; one instance, pointed at the text being parsed."""

    def __init__(self) -> None:
        super().__init__()
        self.source = ""
        self.values: dict[int, Any] = {}
        self.file: str | None = None

    def use(self, source: str, values: dict[int, Any], file: str | None) -> tuple:
        """Point at a new text; returns the previous one (`$( )` in strings parses recursively)."""
        saved = (self.source, self.values, self.file)
        self.source, self.values, self.file = source, values, file
        return saved

    def restore(self, saved: tuple) -> None:
        self.source, self.values, self.file = saved

    def _rich(self, token: Token) -> Any:
        return self.values[token.start_pos]

    def _text(self, token: Token) -> str:
        return self.source[token.start_pos:token.end_pos]

    # -- script blocks
    def start(self, children):
        return children[0]

    def script_body(self, children):
        params = None
        body: Any = []
        for child in children:
            if isinstance(child, tuple) and child[0] == "params":
                params = child[1]
            else:
                body = child
        extent = _span(children)
        text = self.source[extent.start:extent.end]
        if isinstance(body, dict):
            return ast.ScriptBlockAst(extent, params, [], body.get("begin"), body.get("process"), body.get("end"), text)
        return ast.ScriptBlockAst(extent, params, body, text=text)

    def statement_list(self, children):
        return [c for c in children if not isinstance(c, Token)]

    def named_blocks(self, children):
        blocks: dict[str, list] = {}
        for child in children:
            if isinstance(child, tuple):
                blocks[child[0]] = child[1]
        return blocks

    def named_block(self, children):
        name = {"BEGIN": "begin", "PROCESS": "process", "END_KW": "end"}[children[0].type]
        return (name, children[1])

    def block(self, children):
        return children[1]

    def param_block(self, children):
        params = next((c for c in children if isinstance(c, list)), [])
        return ("params", params)

    def param_list(self, children):
        return [c for c in children if isinstance(c, ast.ParameterAst)]

    def parameter(self, children):
        attributes: list[ast.AttributeAst] = []
        type_name = None
        name = ""
        default = None
        seen_variable = False
        for child in children:
            if isinstance(child, Token):
                if child.type == "ATTRIBUTE":
                    attributes.append(_attribute(self._rich(child), _tok_extent(child)))
                elif child.type == "CAST_TYPE":
                    type_name = self._rich(child)
                elif child.type == "VARIABLE":
                    name = self._rich(child)
                    seen_variable = True
            elif seen_variable:
                default = child
        return ast.ParameterAst(_span(children), name, type_name, attributes, default)

    # -- statements
    def if_statement(self, children):
        clauses = [(children[2], children[4])]
        else_body = None
        for child in children[5:]:
            if isinstance(child, tuple) and child[0] == "elseif":
                clauses.append((child[1], child[2]))
            elif isinstance(child, tuple) and child[0] == "else":
                else_body = child[1]
        return ast.IfAst(_span(children), clauses, else_body)

    def elseif_clause(self, children):
        return ("elseif", children[2], children[4])

    def else_clause(self, children):
        return ("else", children[1])

    def while_statement(self, children):
        return ast.WhileAst(_span(children), children[2], children[4])

    def do_statement(self, children):
        return ast.DoAst(_span(children), children[1], children[4], children[2].type == "UNTIL")

    def for_part(self, children):
        return children[0] if children else None

    def for_statement(self, children):
        parts = [c for c in children if not isinstance(c, Token)]
        init, cond, step, body = parts
        return ast.ForAst(_span(children), init, cond, step, body)

    def foreach_statement(self, children):
        return ast.ForEachAst(_span(children), self._rich(children[2]), children[4], children[6])

    def switch_statement(self, children):
        flags = [self._rich(c) for c in children if isinstance(c, Token) and c.type == "SWITCH_FLAG"]
        condition = next(c for c in children if not isinstance(c, (Token, list)))
        clauses = children[-2]
        return ast.SwitchAst(_span(children), flags, condition, clauses)

    def labeled_statement(self, children):
        label, statement = children
        statement.label = self._rich(label)
        statement.extent = _span(children)
        return statement

    def switch_body(self, children):
        return [c for c in children if isinstance(c, tuple)]

    def switch_clause(self, children):
        pattern, body = children
        if isinstance(pattern, Token):
            if pattern.type == "DEFAULT":
                return (None, body)
            return (self._word(pattern), body)
        return (pattern, body)

    def function_definition(self, children):
        is_filter = children[0].type == "FILTER"
        name = self._rich(children[1]).literal
        body = children[-2]
        params = next((c for c in children if isinstance(c, tuple) and c[0] == "params"), None)
        if params is not None and body.parameters is None:
            body.parameters = params[1]
        return ast.FunctionDefinitionAst(_span(children), name, body, is_filter)

    def function_parameters(self, children):
        return ("params", next((c for c in children if isinstance(c, list)), []))

    def trap_statement(self, children):
        type_name = self._rich(children[1]) if len(children) == 3 else None
        return ast.TrapAst(_span(children), type_name, children[-1])

    def try_statement(self, children):
        catches = [c[1:] for c in children[2:] if isinstance(c, tuple) and c[0] == "catch"]
        final = next((c[1] for c in children[2:] if isinstance(c, tuple) and c[0] == "finally"), None)
        return ast.TryAst(_span(children), children[1], catches, final)

    def catch_clause(self, children):
        types = [self._rich(c) for c in children if isinstance(c, Token) and c.type == "TYPE"]
        return ("catch", types, children[-1])

    def finally_clause(self, children):
        return ("finally", children[1])

    def flow_statement(self, children):
        kind = children[0].type.lower()
        if kind in ("break", "continue"):
            label = self._rich(children[1]).literal if len(children) > 1 else None
            return ast.FlowAst(_span(children), kind, None, label)
        return ast.FlowAst(_span(children), kind, children[1] if len(children) > 1 else None)

    def assignment(self, children):
        target, op, value = children
        if not _assignable(target):
            raise make_parse_error(self.source, self.file, target.extent.start, "InvalidLeftHandSide",
                                   "The assignment expression is not valid. The input to an assignment operator "
                                   "must be an object that is able to accept assignments, such as a variable or "
                                   "a property.")
        return ast.AssignmentAst(_span(children), target, str(op), value)

    def pipeline(self, children):
        elements: list[ast.Node] = []
        first = children[0]
        if isinstance(first, ast.CommandAst):
            elements.append(first)
        else:
            redirections = [c for c in children[1:] if isinstance(c, ast.RedirectionAst)]
            elements.append(ast.CommandExpressionAst(first.extent, first, redirections))
        elements.extend(c for c in children[1:] if isinstance(c, ast.CommandAst))
        return ast.PipelineAst(_span(children), elements)

    # -- commands
    def command(self, children):
        head = children[0]
        elements = []
        for child in children[1:]:
            if isinstance(child, Token):
                elements.append(self._command_token(child))
            else:
                elements.append(child)
        name, invocation, name_extent = head
        return ast.CommandAst(_span(children), name, elements, invocation, name_extent)

    def _command_token(self, token: Token) -> ast.Node:
        if token.type == "PARAMETER":
            return ast.CommandParameterAst(_tok_extent(token), self._rich(token), None, self._text(token))
        if token.type == "DASHDASH":
            return ast.EndOfParametersAst(_tok_extent(token))
        return self._argument(token)

    def command_head(self, children):
        if len(children) == 1:
            token = children[0]
            return (self._rich(token).literal if self._rich(token).is_literal else self._word(token), None,
                    _tok_extent(token))
        op, target = children
        if isinstance(target, Token):
            word = self._rich(target)
            name = word.literal if word.is_literal else self._word(target)
            return (name, op.value, _tok_extent(target))
        return (target, op.value, target.extent)

    def colon_parameter(self, children):
        token, argument = children
        return ast.CommandParameterAst(_span(children), self._rich(token), argument, self._text(token), colon=True)

    def argument_list(self, children):
        values = [self._argument(c) if isinstance(c, Token) else c for c in children
                  if not (isinstance(c, Token) and c.type == "COMMA")]
        if len(values) == 1:
            return values[0]
        return ast.ArrayLiteralAst(_span(children), values)

    def _argument(self, token: Token) -> ast.Node:
        if token.type == "GENERIC":
            return self._word(token)
        if token.type == "SPLAT":
            return ast.VariableAst(_tok_extent(token), self._rich(token), splat=True)
        if token.type == "NUMBER":
            return self.number([token])
        raise AssertionError(token.type)

    def _word(self, token: Token) -> ast.Node:
        word: GenericWord = self._rich(token)
        extent = _tok_extent(token)
        if word.is_literal:
            return ast.ConstantAst(extent, word.literal, word.text)
        parts: list = []
        for kind, value in word.parts:
            if kind == "lit":
                parts.append(value)
            else:
                parts.extend(expand_parts(value, self.source, self.file, token.start_pos, here=True))
        return ast.ExpandableStringAst(extent, _merge(parts), word.text)

    def redirection(self, children):
        op = children[0].value
        target = None
        if len(children) > 1:
            target = self._argument(children[1]) if isinstance(children[1], Token) else children[1]
        return ast.RedirectionAst(_span(children), op, target)

    # -- expressions
    def binary(self, children):
        left, op, right = children
        # The tokenizer's value is the operator normalised: `–eq` (en dash) -> "-eq".
        return ast.BinaryAst(_span(children), self._rich(op), left, right)

    def array_literal(self, children):
        return ast.ArrayLiteralAst(_span(children), [c for c in children if not isinstance(c, Token)])

    def unary(self, children):
        op, operand = children
        return ast.UnaryAst(_span(children), self._rich(op), operand)

    def unary_array(self, children):
        return ast.UnaryAst(_span(children), ",", children[1])

    def pre_increment(self, children):
        return ast.IncrementAst(_span(children), children[1], "++" if children[0].type == "PREINC" else "--", True)

    def post_increment(self, children):
        return ast.IncrementAst(_span(children), children[0], "++" if children[1].type == "POSTINC" else "--", False)

    def cast(self, children):
        return ast.CastAst(_span(children), self._rich(children[0]), children[1])

    def _member(self, member: Any) -> Any:
        if isinstance(member, Token):
            if member.type == "MEMBER_NAME":
                return str(member)
            if member.type == "STRING_SQ":
                return self._rich(member)
            if member.type == "VARIABLE":
                return ast.VariableAst(_tok_extent(member), self._rich(member))
            return self.expandable_string([member])
        return member

    def member_access(self, children):
        target, op, member = children
        return ast.MemberAst(_span(children), target, self._member(member), op.type == "COLONCOLON")

    def invoke_member(self, children):
        target, op, member = children[:3]
        arguments = next((c for c in children[3:] if isinstance(c, list)), [])
        return ast.InvokeMemberAst(_span(children), target, self._member(member), arguments, op.type == "COLONCOLON")

    def call_arguments(self, children):
        return [c for c in children if not isinstance(c, Token)]

    def index(self, children):
        return ast.IndexAst(_span(children), children[0], children[2])

    def variable(self, children):
        return ast.VariableAst(_tok_extent(children[0]), self._rich(children[0]))

    def number(self, children):
        token = children[0]
        text = self._text(token)
        try:
            value = parse_number(text)
        except ValueError:
            raise make_parse_error(self.source, self.file, token.start_pos, "BadNumericConstant",
                                   f"The numeric constant {text} is not valid.") from None
        return ast.ConstantAst(_tok_extent(token), value, text)

    def verbatim_string(self, children):
        token = children[0]
        return ast.ConstantAst(_tok_extent(token), self._rich(token), self._text(token))

    def expandable_string(self, children):
        token = children[0]
        here = token.type == "HERE_DQ"
        body_offset = self.source.find("\n", token.start_pos) + 1 if here else token.start_pos + 1
        parts = expand_parts(self._rich(token), self.source, self.file, body_offset, here=here)
        return ast.ExpandableStringAst(_tok_extent(token), _merge(parts), self._text(token))

    def type_literal(self, children):
        return ast.TypeAst(_tok_extent(children[0]), self._rich(children[0]))

    def paren(self, children):
        return ast.ParenAst(_span(children), children[1])

    def subexpression(self, children):
        return ast.SubExpressionAst(_span(children), children[1], array=False)

    def array_subexpression(self, children):
        return ast.SubExpressionAst(_span(children), children[1], array=True)

    def hashtable(self, children):
        return ast.HashtableAst(_span(children), children[1])

    def hash_body(self, children):
        return [c for c in children if isinstance(c, tuple)]

    def hash_entry(self, children):
        key, _, value = children
        if isinstance(key, Token):
            key = ast.ConstantAst(_tok_extent(key), str(key), str(key))
        return (key, value)

    def script_block(self, children):
        return ast.ScriptBlockExpressionAst(_span(children), children[1])


_BUILDER = _Builder()


def _assignable(node: ast.Node) -> bool:
    if isinstance(node, (ast.VariableAst, ast.MemberAst, ast.IndexAst)):
        return not (isinstance(node, ast.VariableAst) and node.splat)
    if isinstance(node, ast.CastAst):
        return isinstance(node.operand, ast.VariableAst)
    if isinstance(node, ast.ArrayLiteralAst):
        return all(_assignable(item) for item in node.items)
    return False


def _merge(parts: list) -> list:
    """Join neighbouring literal pieces of an expandable string."""
    merged: list = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return merged


def _attribute(raw: str, extent: ast.Extent) -> ast.AttributeAst:
    """`Parameter(Mandatory=$true, Position=0)` -> name, positional and named values."""
    name, _, rest = raw.partition("(")
    args = rest.rsplit(")", 1)[0]
    positional: list[Any] = []
    named: dict[str, Any] = {}
    for piece in _split_args(args):
        key, eq, value = piece.partition("=")
        if eq:
            named[key.strip().lower()] = _attribute_value(value.strip())
        elif piece.strip():
            if re.fullmatch(r"[A-Za-z]\w*", piece.strip()):
                named[piece.strip().lower()] = True
            else:
                positional.append(_attribute_value(piece.strip()))
    return ast.AttributeAst(extent, name.strip(), positional, named)


def _split_args(text: str) -> list[str]:
    pieces, depth, current, quote = [], 0, [], ""
    for c in text:
        if quote:
            current.append(c)
            if c == quote:
                quote = ""
            continue
        if c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        elif c == "," and depth == 0:
            pieces.append("".join(current))
            current = []
            continue
        current.append(c)
    if current:
        pieces.append("".join(current))
    return pieces


def _attribute_value(text: str) -> Any:
    lower = text.lower()
    if lower == "$true":
        return True
    if lower == "$false":
        return False
    if len(text) >= 2 and text[0] in "'\"" and text[-1] == text[0]:
        return text[1:-1]
    try:
        return parse_number(text)
    except ValueError:
        return text


# -- expandable strings (§A7) ------------------------------------------------------------------
def expand_parts(content: str, source: str, file: str | None, base: int, here: bool = False) -> list:
    """Split a double-quoted body into literal text and expressions (`$var`, `${...}`, `$(...)`)."""
    parts: list = []
    literal: list[str] = []
    i = 0
    n = len(content)
    while i < n:
        c = content[i]
        if c == "`" and i + 1 < n:
            literal.append(escape_char(content[i + 1]))
            i += 2
            continue
        if not here and c in DOUBLE_QUOTES and i + 1 < n and content[i + 1] in DOUBLE_QUOTES:
            literal.append(c)
            i += 2
            continue
        if c == "$" and i + 1 < n:
            expression, end = _dollar(content, i, source, file, base)
            if expression is not None:
                parts.append("".join(literal))
                literal = []
                parts.append(expression)
                i = end
                continue
        literal.append(c)
        i += 1
    parts.append("".join(literal))
    return parts


def _dollar(content: str, i: int, source: str, file: str | None, base: int):
    nxt = content[i + 1]
    extent = ast.Extent(base + i, base + i + 1, 1, 1)
    if nxt == "(":
        body = content[i + 2:]
        end = _matching_paren(body)
        if end < 0:
            return None, i + 1
        script = parse(body[:end], file)
        return ast.SubExpressionAst(extent, script.block.statements), i + 2 + end + 1
    if nxt == "{":
        close = content.find("}", i)
        if close < 0:
            return None, i + 1
        return ast.VariableAst(extent, content[i + 2:close]), close + 1
    if nxt in "$^?":
        return ast.VariableAst(extent, nxt), i + 2
    match = VARIABLE_NAME_RE.match(content, i + 1)
    if not match:
        return None, i + 1
    return ast.VariableAst(extent, match.group(0)), match.end()


def _matching_paren(text: str) -> int:
    """Index of the `)` closing a `$(` whose body starts `text`, skipping nested quotes."""
    tokenizer = Tokenizer(text)
    try:
        tokenizer.skip_balanced(")")
    except LexError:
        return -1
    return tokenizer.pos - 1
