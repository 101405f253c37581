"""PowerShell's mode-aware tokenizer, feeding the lark LALR grammar.

PowerShell scans text in two modes (powershell-semantics.md §A2): *command mode* (barewords,
`-Parameter` tokens, comma lists) and *expression mode* (operators, numbers, member access).
Which mode applies depends on the syntactic position, so this tokenizer tracks that position
itself with a small state machine and a stack of bracket frames, and gives the grammar
distinct token types where one character means different things (`-` as parameter, unary or
binary operator; `[` as type, cast or index; `,` as array operator or argument separator).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import IntEnum, auto
from typing import Any

from lark import Token

from emshell.language.messages import message

# -- character classes (CharTraits.cs, §A1) ----------------------------------------------------
DASHES = "-\u2013\u2014\u2015"
SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
DOUBLE_QUOTES = '"\u201c\u201d\u201e'
QUOTES = SINGLE_QUOTES + DOUBLE_QUOTES
NEWLINE_CHARS = "\r\n"
# Characters that end a bareword in command mode (ForceStartNewToken, §A3), plus redirection.
GENERIC_STOP = set(" \t\v\f\u00a0\u0085\r\n{}();,|&>") | {"\0"}

KEYWORDS = {
    "if", "elseif", "else", "foreach", "for", "while", "do", "until", "switch", "function",
    "filter", "param", "return", "throw", "exit", "break", "continue", "trap", "try", "catch",
    "finally",
}
# Dash operators by token type (tokenizer.cs `_operatorText`, §A4).
_COMPARISONS = (
    "eq ne gt ge lt le like notlike match notmatch contains notcontains in notin replace split "
    "join is isnot as"
).split()
BINARY_DASH_OPERATORS: dict[str, str] = {}
for _op in _COMPARISONS:
    BINARY_DASH_OPERATORS[_op] = "COMPARISON_OP"
    if _op not in ("is", "isnot", "as"):
        BINARY_DASH_OPERATORS["i" + _op] = "COMPARISON_OP"
        BINARY_DASH_OPERATORS["c" + _op] = "COMPARISON_OP"
BINARY_DASH_OPERATORS.update(
    {"and": "LOGICAL_OP", "or": "LOGICAL_OP", "xor": "LOGICAL_OP", "band": "BITWISE_OP",
     "bor": "BITWISE_OP", "bxor": "BITWISE_OP", "shl": "BITWISE_OP", "shr": "BITWISE_OP",
     "f": "FORMAT_OP"}
)
UNARY_DASH_OPERATORS = {"not": "NOT_OP", "bnot": "BNOT_OP", "split": "USPLIT_OP", "join": "UJOIN_OP"}

# Tokens after which a newline does not end the statement (§A9).
CONTINUES_LINE = {
    "PIPE", "COMMA", "UCOMMA", "ARGSEP", "ASSIGN", "PLUS", "MINUS", "STAR", "SLASH", "PERCENT",
    "DOTDOT", "FORMAT_OP", "COMPARISON_OP", "LOGICAL_OP", "BITWISE_OP", "LPAREN", "LPAREN_CALL",
    "LBRACE", "DOLLAR_PAREN", "AT_PAREN", "AT_BRACE", "LBRACKET", "DOT", "COLONCOLON", "NOT_OP",
    "BNOT_OP", "USPLIT_OP", "UJOIN_OP", "BANG", "UMINUS", "UPLUS", "NEWLINE", "SEMI", "LABEL",
}
FOLLOWS_BLOCK = {"else", "elseif", "catch", "finally"}
# Statements a `:label` may name: the loops and switch (about_Break).
LABELLED_STATEMENTS = {"foreach", "for", "while", "do", "switch"}

NUMBER_RE = re.compile(
    r"(?:0[xX][0-9a-fA-F]+|(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?)(?:[lLdD])?(?:[kKmMgGtTpP][bB])?"
)
# Letters, digits and `_` of any script (`\w`), which compiles far faster than explicit ranges.
IDENT_RE = re.compile(r"[^\W\d][\w\-]*")
SIMPLE_NAME_RE = re.compile(r"[^\W\d]\w*")
VARIABLE_NAME_RE = re.compile(r"[\w?]+(?::(?!:)[\w?]+)?")
LABEL_RE = re.compile(r":(\w+)")  # labels are letters, digits and `_` (ParserStrings InvalidLabelCharacter)
WHITESPACE = " \t\v\f\u00a0\u0085"


class S(IntEnum):
    """Where the scanner stands in the syntax."""

    STMT = auto()          # at the start of a statement
    CMDNAME = auto()       # after `|`, `&` or `.`: a command name comes next
    ARGS = auto()          # inside a command's arguments
    ARG_POSTFIX = auto()   # right after an argument primary: `.member`/`[i]` may follow without space
    OPERAND = auto()       # expression mode, expecting an operand
    OPERATOR = auto()      # expression mode, after an operand
    AFTER_TYPE = auto()    # after `[type]`: a cast operand, `::`, or an operator
    MEMBER = auto()        # after `.` or `::`: a member name
    KW_BLOCK = auto()      # after `else`, `try`, `)` of an `if (...)`: a `{` comes next
    KW_PAREN = auto()      # after `if`, `while`, `foreach`, ...: a `(` comes next
    HASH_KEY = auto()      # start of a hashtable entry
    SWITCH_HEAD = auto()   # after `switch`: flags and `(`
    SWITCH_CLAUSE = auto() # start of a switch clause
    FUNC_NAME = auto()     # after `function`
    FUNC_AFTER_NAME = auto()
    LABEL = auto()         # after `break`/`continue`
    CATCH_HEAD = auto()    # after `catch` or `trap`: optional [Type]s then `{`
    REDIR_TARGET = auto()  # after `>`: a file name


class LexError(Exception):
    """A tokenizer-level syntax error; `incomplete` when more input could fix it."""

    def __init__(self, message: str, offset: int, error_id: str, incomplete: bool = False,
                 token_text: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.error_id = error_id
        self.incomplete = incomplete
        self.token_text = token_text


@dataclass
class Frame:
    kind: str            # script block paren args index hash subexpr switch for foreach attr
    resume: S            # state after the closing bracket
    closer: str          # the character that closes it
    # kw: the keyword of a statement header `(`; after: the token type before a block's `{`;
    # param/function: a parameter list; body: a script body; pattern_*: a switch clause's progress
    data: dict = field(default_factory=dict)


def closer_error(frame: Frame) -> tuple[str, tuple[str, ...]]:
    """The error id (and message arguments) for a bracket left open, as PowerShell reports it
    (FullyQualifiedErrorId and ParserStrings text)."""
    kind = frame.kind
    if kind == "paren":
        keyword = frame.data.get("kw")
        if keyword == "switch":
            return ("MissingEndParenthesisInSwitchStatement", ())
        if keyword:
            return ("MissingEndParenthesisAfterStatement", (keyword,))
        return ("MissingEndParenthesisInExpression", ())
    if kind == "args":
        return ("MissingEndParenthesisInFunctionParameterList" if frame.data.get("param")
                else "MissingEndParenthesisInMethodCall", ())
    if kind == "for":
        return ("MissingEndParenthesisAfterStatement", ("for",))
    return (_CLOSER_ERRORS.get(kind, "MissingEndCurlyBrace"), ())


_CLOSER_ERRORS = {"subexpr": "MissingEndParenthesisInSubexpression", "index": "MissingEndSquareBracket",
                  "foreach": "MissingEndParenthesisAfterForeach"}
# What a missing statement block is called after each keyword.
_BLOCK_AFTER: dict[str, tuple[str, tuple[str, ...]]] = {
    "ELSE": ("MissingStatementBlockAfterElse", ()), "TRY": ("MissingTryStatementBlock", ()),
    "CATCH": ("MissingCatchHandlerBlock", ()), "FINALLY": ("MissingFinallyStatementBlock", ()),
    "TRAP": ("MissingTrapStatement", ()), "DO": ("MissingLoopStatement", ("do",)),
}


def _block_after_header(frame: Frame) -> tuple[str, tuple[str, ...]] | None:
    """The missing-block error after the `)` of a statement header: `if (...)`, `foreach (...)`."""
    keyword = frame.data.get("kw")
    if frame.kind == "foreach":
        return ("MissingForeachStatement", ())
    if frame.kind == "for" or keyword in ("while", "until"):
        return ("MissingLoopStatement", (keyword or "for",))
    if keyword in ("if", "elseif"):
        return ("MissingStatementBlock", (keyword,))
    if keyword == "switch":
        return ("MissingCurlyBraceInSwitchStatement", ())
    if frame.data.get("function"):
        return ("MissingFunctionBody", ())
    return None


class Tokenizer:
    def __init__(self, text: str) -> None:
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.pos = 0
        self.tokens: list[Token] = []
        self.values: dict[int, Any] = {}  # token start -> its meaning (name, string body, GenericWord)
        self._line = 0  # index into line_starts of the last emitted token's line
        self.state = S.STMT
        self.frames: list[Frame] = [Frame("script", S.STMT, "")]
        self.frame_at: dict[int, Frame] = {}  # bracket token start -> its frame (for parse errors)
        self.postfix_return = S.OPERATOR
        self.pending_kw: str | None = None  # keyword whose `(`/`{` is expected
        self.after_do = False  # a `do { }` block just closed: `while`/`until` belongs to it
        self.do_loop = False
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        self.handlers = {
            S.STMT: self.scan_statement_start,
            S.CMDNAME: self.scan_command_name,
            S.ARGS: self.scan_argument,
            S.ARG_POSTFIX: self.scan_arg_postfix,
            S.OPERAND: self.scan_operand,
            S.OPERATOR: self.scan_operator,
            S.AFTER_TYPE: self.scan_after_type,
            S.MEMBER: self.scan_member,
            S.KW_BLOCK: self.scan_kw_block,
            S.KW_PAREN: self.scan_kw_paren,
            S.HASH_KEY: self.scan_hash_key,
            S.SWITCH_HEAD: self.scan_switch_head,
            S.SWITCH_CLAUSE: self.scan_switch_clause,
            S.FUNC_NAME: self.scan_function_name,
            S.FUNC_AFTER_NAME: self.scan_function_after_name,
            S.LABEL: self.scan_label,
            S.CATCH_HEAD: self.scan_catch_head,
            S.REDIR_TARGET: self.scan_redirection_target,
        }

    # -- helpers --------------------------------------------------------------------------
    def peek(self, ahead: int = 0) -> str:
        """The character `ahead` positions on, or NUL past the end (never "": `"" in "({"` is true)."""
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else "\0"

    def location(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.line_starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.line_starts[lo] + 1

    def emit(self, type_: str, value: Any, start: int, end: int | None = None) -> None:
        end = self.pos if end is None else end
        starts = self.line_starts
        while self._line + 1 < len(starts) and starts[self._line + 1] <= start:
            self._line += 1
        line, column = self._line + 1, start - starts[self._line] + 1
        self.tokens.append(Token(type_, self.text[start:end], start, line, column, line, column + end - start, end))
        self.values[start] = value
        if type_ not in ("RBRACE", "NEWLINE"):
            self.after_do = False

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    def last_type(self) -> str | None:
        return self.tokens[-1].type if self.tokens else None

    def error(self, message: str, error_id: str, offset: int | None = None, incomplete: bool = False,
              token_text: str = "") -> LexError:
        return LexError(message, self.pos if offset is None else offset, error_id, incomplete, token_text)

    # -- whitespace, comments, newlines ----------------------------------------------------
    def skip_space(self) -> None:
        """Skip blanks, comments and line continuations (not newlines)."""
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c in WHITESPACE or (c > "\u0100" and c.isspace() and c not in "\n"):
                self.pos += 1
            elif c == "`" and self.peek(1) == "\n":
                self.pos += 2
            elif c == "`" and self.pos + 1 == len(text):
                raise self.error("Missing character after the escape character.", "IncompleteString",
                                 incomplete=True)
            elif c == "<" and self.peek(1) == "#":
                end = text.find("#>", self.pos + 2)
                if end < 0:
                    raise self.error("The terminator '#>' is missing from the multiline comment.",
                                     "MissingTerminatorMultiLineComment", incomplete=True)
                self.pos = end + 2
            elif c == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            else:
                return

    def newline_is_separator(self) -> bool:
        """Whether a newline here ends a statement or entry (else it is skipped)."""
        kind = self.frame.kind
        if kind in ("args", "index", "for", "foreach"):
            return False
        if kind == "switch" and (self.frame.data.get("pattern_done") or self.frame.data.get("pattern_expr")):
            return False  # a clause's pattern may put its `{` on the next line
        if self.state in (S.KW_BLOCK, S.KW_PAREN, S.SWITCH_HEAD, S.FUNC_NAME, S.FUNC_AFTER_NAME, S.CATCH_HEAD):
            return False  # `if ($x)` / `else` / `function f` may put their `{` on the next line
        last = self.last_type()
        if last is None or last in CONTINUES_LINE:
            return False
        if kind == "paren":
            return self.next_significant_char() != ")"
        if last == "RBRACE" and self.next_word_lower() in FOLLOWS_BLOCK:
            return False
        if last == "RBRACE" and self.after_do and self.next_word_lower() in ("while", "until"):
            return False
        return True

    def next_significant_char(self) -> str:
        pos = self.significant_position()
        return "" if pos is None else (self.text[pos] if pos < len(self.text) else "\0")

    def next_word_lower(self) -> str:
        pos = self.significant_position()
        match = None if pos is None else SIMPLE_NAME_RE.match(self.text, pos)
        return match.group(0).lower() if match else ""

    def significant_position(self) -> int | None:
        """Where the next token starts past blanks, comments and newlines (None: the text is
        incomplete there); the scan position is left where it was."""
        saved = self.pos
        try:
            while True:
                self.skip_space()
                if self.peek() != "\n":
                    return self.pos
                self.pos += 1
        except LexError:
            return None
        finally:
            self.pos = saved

    def handle_newline(self) -> None:
        start = self.pos
        self.pos += 1
        if self.newline_is_separator():
            self.emit("NEWLINE", "\n", start)
            self.after_separator()

    def after_separator(self) -> None:
        kind = self.frame.kind
        if kind == "hash":
            self.state = S.HASH_KEY
        elif kind == "switch":
            self.state = S.SWITCH_CLAUSE
        else:
            self.state = S.STMT

    # -- main loop ----------------------------------------------------------------------------
    def tokenize(self) -> list[Token]:
        while True:
            self.skip_space()
            if self.pos >= len(self.text):
                break
            c = self.text[self.pos]
            if c == "\n":
                self.handle_newline()
                continue
            self.scan_one(c)
        return self.tokens

    def scan_one(self, c: str) -> None:
        state = self.state
        if c == ";" and state is not S.MEMBER:
            self.scan_semicolon()
        elif c in ")}]" and state is not S.MEMBER:
            self.close_frame(c)
        elif c == "|" and state in (S.ARGS, S.ARG_POSTFIX, S.OPERATOR, S.AFTER_TYPE, S.REDIR_TARGET):
            start = self.pos
            self.pos += 1
            self.emit("PIPE", "|", start)
            self.state = S.CMDNAME
        else:
            self.handlers[state](c)

    def scan_semicolon(self) -> None:
        start = self.pos
        self.pos += 1
        kind = self.frame.kind
        if kind in ("args", "index", "foreach", "paren"):
            error_id, args = closer_error(self.frame)  # `(1; 2)`: the statement ends before its `)`
            at = self.tokens[-1].start_pos if self.last_type() == "NEWLINE" else start
            raise self.error(message(error_id, *args), error_id, at, token_text=";")
        if self.last_type() in (None, "NEWLINE", "SEMI", "LBRACE", "LPAREN", "DOLLAR_PAREN", "AT_PAREN", "AT_BRACE") \
                and kind != "for":
            self.after_separator()
            return
        self.emit("SEMI", ";", start)
        self.after_separator()

    # -- frames -------------------------------------------------------------------------------
    def open_frame(self, type_: str, text: str, kind: str, resume: S, closer: str, inner: S, **data: Any) -> None:
        start = self.pos
        self.pos += len(text)
        self.emit(type_, text, start)
        frame = Frame(kind, resume, closer, dict(data))
        self.frames.append(frame)
        self.frame_at[start] = frame
        self.state = inner

    def close_frame(self, c: str) -> None:
        frame = self.frame
        if len(self.frames) == 1 or c != frame.closer:
            raise self.error(f"Unexpected token '{c}' in expression or statement.", "UnexpectedToken",
                             token_text=c)
        if self.last_type() == "NEWLINE" and frame.kind in ("paren",):
            self.tokens.pop()
        start = self.pos
        self.pos += 1
        self.emit({")": "RPAREN", "}": "RBRACE", "]": "RBRACKET"}[c], c, start)
        self.frames.pop()
        self.frame_at[start] = frame
        self.state = frame.resume
        self.after_do = frame.data.get("after") == "DO"
        if frame.resume in (S.OPERATOR, S.ARG_POSTFIX):
            self.postfix_return = frame.resume

    # -- statement start ----------------------------------------------------------------------
    def scan_statement_start(self, c: str) -> None:
        if c == ":" and self.scan_loop_label():
            return
        word = SIMPLE_NAME_RE.match(self.text, self.pos)
        if word:
            lower = word.group(0).lower()
            after = self.text[word.end():word.end() + 1]
            ends_word = after == "" or after in GENERIC_STOP or after in "{(\n"
            if lower in KEYWORDS and ends_word:
                self.scan_keyword(lower, word.end())
                return
            if lower in ("begin", "process", "end") and self.frame.data.get("body") and ends_word:
                if self.next_nonspace_after(word.end()) == "{":
                    start = self.pos
                    self.pos = word.end()
                    self.emit({"begin": "BEGIN", "process": "PROCESS", "end": "END_KW"}[lower], lower, start)
                    self.state = S.KW_BLOCK
                    return
        if c.isdigit() and self.number_is_command_name():
            self.scan_command_name(c)
            return
        if self.starts_expression(c):
            self.state = S.OPERAND
            self.scan_operand(c)
            return
        if self.scan_call_operator(c):
            return
        self.scan_command_name(c)

    def scan_loop_label(self) -> bool:
        """`:outer foreach (...)`: a label before a loop or switch (newlines may come between).
        Before anything else `:name` stays a command name, as PowerShell resyncs it."""
        match = LABEL_RE.match(self.text, self.pos)
        if not match:
            return False
        saved = self.pos
        self.pos = match.end()
        follows = self.next_word_lower()
        self.pos = saved
        if follows not in LABELLED_STATEMENTS:
            return False
        self.pos = match.end()
        self.emit("LABEL", match.group(1), saved)
        return True

    def scan_call_operator(self, c: str) -> bool:
        """`&` or `. ` before a command name, at the start of a statement or after `|`."""
        if c == "&":
            kind = "AMP"
        elif c == "." and self.peek(1) in WHITESPACE:
            kind = "DOT_SOURCE"
        else:
            return False
        start = self.pos
        self.pos += 1
        self.emit(kind, c, start)
        self.state = S.CMDNAME
        return True

    def number_is_command_name(self) -> bool:
        """`16p` or `80x` at statement start is a command name, not a number (§E2)."""
        number = NUMBER_RE.match(self.text, self.pos)
        end = number.end() if number else self.pos
        return end < len(self.text) and (self.text[end].isalnum() or self.text[end] == "_")

    def next_nonspace_after(self, offset: int) -> str:
        saved = self.pos
        self.pos = offset
        try:
            self.skip_space()
            return self.peek()
        except LexError:
            return ""
        finally:
            self.pos = saved

    def starts_expression(self, c: str) -> bool:
        """Whether a statement beginning with `c` is an expression rather than a command (§A2)."""
        nxt = self.peek(1)
        if c in "$(@[!" or c in QUOTES or c.isdigit() or c == "{":
            return not (c == "@" and not (nxt in "({" or nxt in QUOTES))
        if c in "+," :
            return True
        if c == ".":
            return nxt.isdigit()
        if c in DASHES:
            if nxt.isdigit() or nxt == "." or nxt in DASHES or nxt == "$":
                return True
            word = SIMPLE_NAME_RE.match(self.text, self.pos + 1)
            return bool(word) and word.group(0).lower() in UNARY_DASH_OPERATORS
        return False

    def scan_keyword(self, lower: str, end: int) -> None:
        start = self.pos
        do_loop = self.after_do
        self.pos = end
        self.emit("END_KW" if lower == "end" else lower.upper(), lower, start)
        if lower in ("if", "elseif", "while", "until", "foreach", "for"):
            self.do_loop = do_loop and lower in ("while", "until")
            self.pending_kw = lower
            self.state = S.KW_PAREN
        elif lower in ("else", "try", "finally", "do"):
            self.state = S.KW_BLOCK
        elif lower == "switch":
            self.state = S.SWITCH_HEAD
        elif lower in ("function", "filter"):
            self.state = S.FUNC_NAME
        elif lower == "param":
            self.pending_kw = "param"
            self.state = S.KW_PAREN
        elif lower in ("return", "throw", "exit"):
            self.state = S.STMT
        elif lower in ("break", "continue"):
            self.state = S.LABEL
        elif lower in ("catch", "trap"):
            self.state = S.CATCH_HEAD

    def scan_kw_paren(self, c: str) -> None:
        if c != "(":
            raise self.error(f"Missing opening '(' after keyword '{self.pending_kw}'.", "MissingOpenParenthesisAfterKeyword",
                             incomplete=False, token_text=c)
        kw = self.pending_kw
        self.pending_kw = None
        if kw == "param":
            self.open_frame("LPAREN", "(", "args", S.STMT, ")", S.OPERAND, param=True)
        elif kw == "foreach":
            self.open_frame("LPAREN", "(", "foreach", S.KW_BLOCK, ")", S.OPERAND)
        elif kw == "for":
            self.open_frame("LPAREN", "(", "for", S.KW_BLOCK, ")", S.STMT)
        elif self.do_loop:
            self.do_loop = False
            self.open_frame("LPAREN", "(", "paren", S.STMT, ")", S.STMT, kw="do")
        else:
            self.open_frame("LPAREN", "(", "paren", S.KW_BLOCK, ")", S.STMT, kw=kw)

    def scan_kw_block(self, c: str) -> None:
        if c != "{":
            error_id, args = self.block_expected(self.tokens) or ("IncompleteStatement", ())
            raise self.error(message(error_id, *args), error_id, token_text=c)
        self.pending_kw = None
        resume = S.SWITCH_CLAUSE if self.frame.kind == "switch" else S.STMT
        self.open_frame("LBRACE", "{", "block", resume, "}", S.STMT, after=self.last_type())

    def block_expected(self, tokens: list[Token]) -> tuple[str, tuple[str, ...]] | None:
        """The error for a statement whose `{ }` is missing after `tokens` (PowerShell's
        statement rules); None when the last token does not call for a block."""
        last = tokens[-1] if tokens else None
        kind = last.type if last is not None else None
        if kind == "TYPE" or kind == "COMMA":  # `catch [T1], [T2]` / `trap [T]`
            kind = next((t.type for t in reversed(tokens) if t.type not in ("TYPE", "COMMA")), None)
        if self.frame.kind == "switch":  # a clause: its pattern, then its block
            data = self.frame.data
            if kind == "DEFAULT" or data.get("pattern_done") or data.get("pattern_expr"):
                return ("MissingSwitchStatementClause", ())
            return ("MissingSwitchConditionExpression", ())
        if kind in _BLOCK_AFTER:
            return _BLOCK_AFTER[kind]
        if kind == "FUNCTION_NAME":
            return ("MissingFunctionBody", ())
        if kind == "RPAREN":
            return _block_after_header(self.frame_at[last.start_pos])
        return None

    def scan_switch_head(self, c: str) -> None:
        if c in DASHES:
            word = SIMPLE_NAME_RE.match(self.text, self.pos + 1)
            if word:
                start = self.pos
                self.pos = word.end()
                self.emit("SWITCH_FLAG", word.group(0).lower(), start)
                return
        if c == "(":
            self.open_frame("LPAREN", "(", "paren", S.SWITCH_HEAD, ")", S.STMT, kw="switch")
            return
        if c == "{" and self.last_type() == "RPAREN":
            self.open_frame("LBRACE", "{", "switch", S.STMT, "}", S.SWITCH_CLAUSE)
            return
        error_id = "MissingCurlyBraceInSwitchStatement" if self.last_type() == "RPAREN" else "PipelineValueRequired"
        raise self.error(message(error_id), error_id, token_text=c)

    def scan_switch_clause(self, c: str) -> None:
        word = SIMPLE_NAME_RE.match(self.text, self.pos)
        if word and word.group(0).lower() == "default" and self.next_nonspace_after(word.end()) == "{":
            start = self.pos
            self.pos = word.end()
            self.emit("DEFAULT", "default", start)
            self.state = S.KW_BLOCK
            return
        if self.frame.data.get("pattern_done"):
            switch = self.frame
            self.scan_kw_block(c)  # (the flag stays set until then: it names a missing block's error)
            switch.data["pattern_done"] = False
            return
        self.frame.data["pattern_done"] = True
        if c == "{":
            self.open_frame("LBRACE", "{", "block", S.SWITCH_CLAUSE, "}", S.STMT)
            return
        if c in QUOTES or c == "$" or c.isdigit() or c == "(" or (c in DASHES and self.peek(1).isdigit()):
            self.state = S.OPERAND
            self.frame.data["pattern_expr"] = True
            self.scan_operand(c)
            return
        self.scan_generic("GENERIC")
        self.state = S.SWITCH_CLAUSE

    def scan_function_name(self, c: str) -> None:
        self.scan_generic("FUNCTION_NAME")
        self.state = S.FUNC_AFTER_NAME

    def scan_function_after_name(self, c: str) -> None:
        if c == "(":
            self.open_frame("LPAREN", "(", "args", S.FUNC_AFTER_NAME, ")", S.OPERAND, param=True, function=True)
        elif c == "{":
            self.open_frame("LBRACE", "{", "block", S.STMT, "}", S.STMT, body=True)
        else:
            raise self.error("Missing function body in function declaration.", "MissingFunctionBody", token_text=c)

    def scan_label(self, c: str) -> None:
        if c.isalpha() or c == "_":
            self.scan_generic("GENERIC")
        self.state = S.STMT

    def scan_catch_head(self, c: str) -> None:
        if c == "[":
            self.scan_type_literal("TYPE")
        elif c == ",":
            start = self.pos
            self.pos += 1
            self.emit("COMMA", ",", start)
        else:
            self.scan_kw_block(c)

    # -- command mode -------------------------------------------------------------------------
    def scan_command_name(self, c: str) -> None:
        if self.last_type() in ("AMP", "DOT_SOURCE") and (c in QUOTES or c in "$({"):
            self.state = S.ARGS
            self.scan_argument(c)
            return
        number_after_pipe = c.isdigit() and self.last_type() == "PIPE" and not self.number_is_command_name()
        if c in "$(" or c in QUOTES or (c == "@" and self.peek(1) in "({") or number_after_pipe:
            # An expression after `|`: the grammar reports ExpressionsMustBeFirstInPipeline.
            self.state = S.OPERAND
            self.scan_operand(c)
            return
        if self.last_type() == "PIPE" and self.scan_call_operator(c):
            return
        if c in "{}();,|&":
            raise self.error(
                "An empty pipe element is not allowed." if self.last_type() == "PIPE"
                else f"Unexpected token '{c}' in expression or statement.",
                "EmptyPipeElement" if self.last_type() == "PIPE" else "UnexpectedToken",
                token_text=c)
        self.scan_generic("COMMAND_NAME")
        self.state = S.ARGS

    def scan_argument(self, c: str) -> None:
        start = self.pos
        if c in DASHES and self.scan_parameter():
            return
        if c == ",":
            self.pos += 1
            self.emit("COMMA", ",", start)
            return
        if self.scan_redirection():
            return
        if c == "@" and self.peek(1) not in "({" and self.peek(1) not in QUOTES:
            match = VARIABLE_NAME_RE.match(self.text, self.pos + 1)
            if match:
                self.pos = match.end()
                self.emit("SPLAT", match.group(0), start)
                return
        if c in "$@({" or c in QUOTES:
            if c == "$" and self.variable_continues_as_bareword():
                self.scan_generic("GENERIC")
                return
            self.postfix_return = S.ARG_POSTFIX
            self.scan_primary(c, S.ARG_POSTFIX)
            return
        number = NUMBER_RE.match(self.text, self.pos)
        if number and (number.end() == len(self.text) or self.text[number.end()] in GENERIC_STOP):
            self.pos = number.end()
            self.emit("NUMBER", number.group(0), start)
            return
        self.scan_generic("GENERIC")

    def variable_continues_as_bareword(self) -> bool:
        """`$env:TEMP\\x` or `$a/H`: a variable glued to bareword text is one expandable word."""
        end = self.variable_end(self.pos)
        if end is None or end >= len(self.text):
            return False
        nxt = self.text[end]
        return nxt not in GENERIC_STOP and nxt not in ".[" and nxt not in QUOTES

    def variable_end(self, offset: int) -> int | None:
        if self.text.startswith("${", offset):
            close = self.text.find("}", offset)
            return None if close < 0 else close + 1
        if offset + 1 < len(self.text) and self.text[offset + 1] in "$^":
            return offset + 2
        match = VARIABLE_NAME_RE.match(self.text, offset + 1)
        return match.end() if match else None

    def scan_parameter(self) -> bool:
        """`-Name`, `-Name:` or `--`; returns False when the dash starts a bareword."""
        start = self.pos
        nxt = self.peek(1)
        if nxt in DASHES and self.peek(2) in GENERIC_STOP:
            self.pos += 2
            self.emit("DASHDASH", "--", start)
            return True
        if not (nxt.isalpha() or nxt in "_?"):
            return False
        end = self.pos + 1
        text = self.text
        while end < len(text) and text[end] not in GENERIC_STOP and text[end] not in ".[:" and text[end] not in QUOTES:
            end += 1
        if end < len(text) and text[end] in QUOTES:
            return False  # "Quotes are never part of a parameter" (§A4): a bareword
        name = text[self.pos + 1:end]
        if end < len(text) and text[end] == ":":
            self.pos = end + 1
            self.emit("PARAMETER_COLON", name, start)
        else:
            self.pos = end
            self.emit("PARAMETER", name, start)
        return True

    def scan_redirection(self) -> bool:
        match = re.match(r"(?:[12*]?>>|[12*]?>(?:&[12])?)", self.text[self.pos:self.pos + 4])
        if not match:
            return False
        start = self.pos
        op = match.group(0)
        if "&" in op and op != "2>&1" or op.startswith("*"):
            raise self.error(f"The '{op}' operator is reserved for future use.", "RedirectionNotSupported",
                             token_text=op)
        self.pos += match.end()
        self.emit("REDIR_MERGE" if "&" in op else "REDIR", op, start)
        self.state = S.ARGS if "&" in op else S.REDIR_TARGET
        return True

    def scan_redirection_target(self, c: str) -> None:
        self.state = S.ARGS
        if c in "$" or c in QUOTES or c == "(":
            self.scan_argument(c)
        elif c in "{}();,|&":
            raise self.error("Missing file specification after redirection operator.", "MissingFileSpecification",
                             token_text=c)
        else:
            self.scan_generic("GENERIC")

    def scan_arg_postfix(self, c: str) -> None:
        if c == "." and (SIMPLE_NAME_RE.match(self.text, self.pos + 1) or self.peek(1) in QUOTES or self.peek(1) == "$"):
            self.postfix_return = S.ARG_POSTFIX
            self.pos += 1
            self.emit("DOT", ".", self.pos - 1)
            self.state = S.MEMBER
            return
        if c == ":" and self.peek(1) == ":":
            self.postfix_return = S.ARG_POSTFIX
            self.pos += 2
            self.emit("COLONCOLON", "::", self.pos - 2)
            self.state = S.MEMBER
            return
        if c == "[":
            self.open_frame("LBRACKET", "[", "index", S.ARG_POSTFIX, "]", S.OPERAND)
            return
        # Anything else, even text glued to a string (`"a"b`, §A3), starts a new argument.
        self.state = S.ARGS
        self.scan_argument(c)

    def scan_generic(self, type_: str) -> None:
        """A bareword: until a token-ending character, with quotes and escapes inside (§A3)."""
        start = self.pos
        text = self.text
        parts: list[tuple[str, str]] = []
        literal: list[str] = []

        def flush() -> None:
            if literal:
                parts.append(("lit", "".join(literal)))
                literal.clear()

        while self.pos < len(text):
            c = text[self.pos]
            if c in GENERIC_STOP:
                break
            if c == "`":
                if self.pos + 1 >= len(text):
                    raise self.error("Missing character after the escape character.", "IncompleteString",
                                     incomplete=True)
                if text[self.pos + 1] == "\n":
                    break
                literal.append(escape_char(text[self.pos + 1]))
                self.pos += 2
            elif c in SINGLE_QUOTES:
                literal.append(self.read_single_quoted())
            elif c in DOUBLE_QUOTES:
                flush()
                parts.append(("expand", self.read_double_quoted()))
            elif c == "$" and self.variable_end(self.pos) is not None or (c == "$" and self.peek(1) == "("):
                flush()
                parts.append(("expand", self.read_dollar_segment()))
            else:
                literal.append(c)
                self.pos += 1
        flush()
        if self.pos == start:
            raise self.error(f"Unexpected token '{text[start:start + 1]}' in expression or statement.",
                             "UnexpectedToken", token_text=text[start:start + 1])
        self.emit(type_, GenericWord(text[start:self.pos], parts), start)

    def read_dollar_segment(self) -> str:
        """The raw text of `$name`, `${...}` or `$( ... )` inside a bareword, for later expansion."""
        start = self.pos
        if self.peek(1) == "(":
            self.pos += 2
            self.skip_balanced(")")
        else:
            end = self.variable_end(self.pos)
            self.pos = end if end is not None else self.pos + 1
        return self.text[start:self.pos]

    def skip_balanced(self, closer: str) -> None:
        """Skip to after the matching `closer`, stepping over nested quotes and brackets."""
        depth = 1
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c in SINGLE_QUOTES:
                self.read_single_quoted()
                continue
            if c in DOUBLE_QUOTES:
                self.read_double_quoted()
                continue
            if c == "`":
                self.pos += 2
                continue
            if c in "({[":
                depth += 1
            elif c in ")}]":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    return
            self.pos += 1
        raise self.error("$(subexpression) is missing the closing ')'.", "IncompleteDollarSubexpressionReference",
                         incomplete=True)

    # -- expression mode ----------------------------------------------------------------------
    def scan_operand(self, c: str) -> None:
        start = self.pos
        if c in DASHES:
            nxt = self.peek(1)
            word = SIMPLE_NAME_RE.match(self.text, self.pos + 1)
            if word and word.group(0).lower() in UNARY_DASH_OPERATORS:
                self.pos = word.end()
                self.emit(UNARY_DASH_OPERATORS[word.group(0).lower()], "-" + word.group(0).lower(), start)
                return
            if nxt in DASHES:
                self.pos += 2
                self.emit("PREDEC", "--", start)
                return
            self.pos += 1
            self.emit("UMINUS", "-", start)
            return
        if c == "+":
            if self.peek(1) == "+":
                self.pos += 2
                self.emit("PREINC", "++", start)
            else:
                self.pos += 1
                self.emit("UPLUS", "+", start)
            return
        if c == "!":
            self.pos += 1
            self.emit("BANG", "!", start)
            return
        if c == ",":
            self.pos += 1
            self.emit("UCOMMA", ",", start)
            return
        if c == "[":
            self.scan_type_literal("TYPE")
            return
        number = NUMBER_RE.match(self.text, self.pos)
        if number and (c.isdigit() or c == "."):
            self.pos = number.end()
            self.emit("NUMBER", number.group(0), start)
            self.state = S.OPERATOR
            self.postfix_return = S.OPERATOR
            return
        if c in "$@({" or c in QUOTES:
            self.postfix_return = S.OPERATOR
            self.scan_primary(c, S.OPERATOR)
            return
        word = IDENT_RE.match(self.text, self.pos)
        bad = word.group(0) if word else c
        raise self.error(f"Unexpected token '{bad}' in expression or statement.", "UnexpectedToken",
                         token_text=bad)

    def scan_primary(self, c: str, resume: S) -> None:
        """Variables, strings, and bracketed expressions; `resume` follows the primary."""
        start = self.pos
        nxt = self.peek(1)
        if c == "$":
            if nxt == "(":
                self.open_frame("DOLLAR_PAREN", "$(", "subexpr", resume, ")", S.STMT)
                return
            end = self.variable_end(self.pos)
            if end is None:
                raise self.error(
                    "Variable reference is not valid. '$' was not followed by a valid variable name character. "
                    "Consider using ${} to delimit the name.", "InvalidVariableReference", token_text="$")
            raw = self.text[self.pos:end]
            self.pos = end
            if raw.startswith("${") and not raw.endswith("}"):
                raise self.error("Missing closing '}'.", "IncompleteVariable", incomplete=True)
            name = raw[2:-1] if raw.startswith("${") else raw[1:]
            self.emit("VARIABLE", name, start)
            self.state = resume
            return
        if c == "@":
            if nxt == "(":
                self.open_frame("AT_PAREN", "@(", "subexpr", resume, ")", S.STMT)
            elif nxt == "{":
                self.open_frame("AT_BRACE", "@{", "hash", resume, "}", S.HASH_KEY)
            elif nxt in QUOTES:
                self.scan_here_string()
                self.state = resume
            else:
                raise self.error("Unrecognized token in source text.", "UnrecognizedToken", token_text="@")
            return
        if c == "(":
            self.open_frame("LPAREN", "(", "paren", resume, ")", S.STMT)
            return
        if c == "{":
            self.open_frame("LBRACE", "{", "block", resume, "}", S.STMT, body=True)
            return
        if c in SINGLE_QUOTES:
            value = self.read_single_quoted()
            self.emit("STRING_SQ", value, start)
        else:
            value = self.read_double_quoted()
            self.emit("STRING_DQ", value, start)
        self.state = resume

    def read_single_quoted(self) -> str:
        start = self.pos
        self.pos += 1
        out: list[str] = []
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c in SINGLE_QUOTES:
                if self.pos + 1 < len(text) and text[self.pos + 1] in SINGLE_QUOTES:
                    out.append(c)
                    self.pos += 2
                    continue
                self.pos += 1
                return "".join(out)
            out.append(c)
            self.pos += 1
        raise string_unterminated(self, start, "'")

    def read_double_quoted(self) -> str:
        """Raw content of a double-quoted string (escapes and `$` expansion are parsed later)."""
        start = self.pos
        self.pos += 1
        text = self.text
        begin = self.pos
        while self.pos < len(text):
            c = text[self.pos]
            if c == "`":
                self.pos += 2
                continue
            if c == "$" and self.peek(1) == "(":
                self.pos += 2
                try:
                    self.skip_balanced(")")
                except LexError:
                    raise string_unterminated(self, start, '"')
                continue
            if c in DOUBLE_QUOTES:
                if self.pos + 1 < len(text) and text[self.pos + 1] in DOUBLE_QUOTES:
                    self.pos += 2
                    continue
                value = text[begin:self.pos]
                self.pos += 1
                return value
            self.pos += 1
        raise string_unterminated(self, start, '"')

    def scan_here_string(self) -> None:
        start = self.pos
        quote = self.text[self.pos + 1]
        double = quote in DOUBLE_QUOTES
        self.pos += 2
        while self.peek() in WHITESPACE:
            self.pos += 1
        if self.peek() != "\n":
            if self.pos >= len(self.text):
                raise string_unterminated(self, start, '"@' if double else "'@")
            raise self.error("No characters are allowed after a here-string header but before the end of the line.",
                             "UnexpectedCharactersAfterHereStringHeader")
        self.pos += 1
        body_start = self.pos
        closers = DOUBLE_QUOTES if double else SINGLE_QUOTES
        text = self.text
        line_start = body_start
        while line_start <= len(text):
            if line_start < len(text) and text[line_start] in closers and text[line_start + 1:line_start + 2] == "@":
                body = text[body_start:max(body_start, line_start - 1)]
                self.pos = line_start + 2
                self.emit("HERE_DQ" if double else "HERE_SQ", body, start)
                return
            nxt = text.find("\n", line_start)
            if nxt < 0:
                break
            line_start = nxt + 1
        self.pos = len(text)
        raise string_unterminated(self, start, '"@' if double else "'@")

    def scan_type_literal(self, type_: str) -> None:
        """`[int]`, `[string[]]`, `[System.Collections.Generic.List[string]]`, or an attribute."""
        start = self.pos
        depth = 0
        text = self.text
        while self.pos < len(text):
            c = text[self.pos]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    self.pos += 1
                    break
            elif c == "(" and depth == 1:
                self.pos = start
                self.scan_attribute()
                return
            elif c == "\n":
                break
            self.pos += 1
        else:
            raise self.error("Missing ] at end of type token.", "EndSquareBracketExpectedAtEndOfType", incomplete=True)
        if depth != 0:
            raise self.error("Missing ] at end of type token.", "EndSquareBracketExpectedAtEndOfType")
        name = text[start + 1:self.pos - 1].strip()
        if not name:
            raise self.error("Missing type name after '['.", "MissingTypename", token_text="[")
        self.emit(type_, name, start)
        if self.state in (S.OPERAND, S.STMT):
            self.state = S.AFTER_TYPE

    def scan_attribute(self) -> None:
        """`[Parameter(Mandatory=$true)]` in a param block: kept as raw text for the parser."""
        start = self.pos
        self.pos = self.text.index("(", start) + 1
        self.skip_balanced(")")
        if self.peek() != "]":
            raise self.error("Missing ] at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfAttribute")
        self.pos += 1
        self.emit("ATTRIBUTE", self.text[start + 1:self.pos - 1], start)
        self.state = S.OPERAND

    def scan_after_type(self, c: str) -> None:
        if c == ":" and self.peek(1) == ":":
            self.tokens[-1].type = "TYPE"
            self.state = S.OPERATOR
            self.scan_operator(c)
            return
        if self.operand_follows(c):
            self.tokens[-1].type = "CAST_TYPE"
            self.state = S.OPERAND
            self.scan_operand(c)
            return
        self.state = S.OPERATOR
        self.scan_operator(c)

    def operand_follows(self, c: str) -> bool:
        if c in "$@(" or c in QUOTES or c.isdigit() or c in "[!":
            return True
        if c in DASHES:
            nxt = self.peek(1)
            if nxt.isdigit() or nxt == "$":
                return True
            word = SIMPLE_NAME_RE.match(self.text, self.pos + 1)
            return bool(word) and word.group(0).lower() in UNARY_DASH_OPERATORS
        return False

    def scan_operator(self, c: str) -> None:
        start = self.pos
        text = self.text
        nxt = self.peek(1)
        if c == "." and nxt == ".":
            self.pos += 2
            self.emit("DOTDOT", "..", start)
            self.state = S.OPERAND
            return
        if c == "." and (SIMPLE_NAME_RE.match(text, self.pos + 1) or nxt in QUOTES or nxt == "$"):
            if self.pos > 0 and text[self.pos - 1] in WHITESPACE:
                raise self.error("Unexpected token '.' in expression or statement.", "UnexpectedToken", token_text=".")
            self.pos += 1
            self.emit("DOT", ".", start)
            self.postfix_return = S.OPERATOR
            self.state = S.MEMBER
            return
        if c == ":" and nxt == ":":
            self.pos += 2
            self.emit("COLONCOLON", "::", start)
            self.postfix_return = S.OPERATOR
            self.state = S.MEMBER
            return
        if c == "[" and self.pos > 0 and text[self.pos - 1] not in WHITESPACE:
            self.open_frame("LBRACKET", "[", "index", S.OPERATOR, "]", S.OPERAND)
            return
        if c in DASHES:
            self.scan_dash_operator()
            return
        if c in "+*/%" and nxt == "=" or c == "=":
            self.pos += 2 if c != "=" else 1
            self.emit("ASSIGN", text[start:self.pos], start)
            self.state = S.STMT
            return
        if c == "+" and nxt == "+":
            self.pos += 2
            self.emit("POSTINC", "++", start)
            return
        simple = {"+": "PLUS", "*": "STAR", "/": "SLASH", "%": "PERCENT"}
        if c in simple:
            self.pos += 1
            self.emit(simple[c], c, start)
            self.state = S.OPERAND
            return
        if c == ",":
            self.pos += 1
            self.emit("ARGSEP" if self.frame.kind == "args" else "COMMA", ",", start)
            self.state = S.OPERAND
            return
        if self.scan_redirection():
            return
        if self.frame.kind == "foreach" and SIMPLE_NAME_RE.match(text, self.pos) and \
                SIMPLE_NAME_RE.match(text, self.pos).group(0).lower() == "in":
            self.pos += 2
            self.emit("IN", "in", start)
            self.state = S.STMT
            return
        if self.frame.kind == "switch" and self.frame.data.get("pattern_expr") and c == "{":
            self.frame.data["pattern_expr"] = False
            self.frame.data["pattern_done"] = False
            self.state = S.SWITCH_CLAUSE
            self.scan_kw_block(c)
            return
        raise self.operand_after_operand(c)

    def operand_after_operand(self, c: str) -> LexError:
        """Something other than an operator after an operand: where a bracket must close or a
        switch clause's block must start, PowerShell says so; elsewhere the token is unexpected."""
        word = IDENT_RE.match(self.text, self.pos)
        bad = word.group(0) if word else (c if c not in QUOTES else self.quoted_token_text())
        frame = self.frame
        if frame.kind in ("args", "index"):  # `$x.f(1 2)`, `$a[1 2]`
            error_id, args = closer_error(frame)
        elif frame.kind == "switch" and frame.data.get("pattern_expr"):
            error_id, args = "MissingSwitchStatementClause", ()
        else:
            error_id, args = "UnexpectedToken", (bad,)
        return self.error(message(error_id, *args), error_id, token_text=bad)

    def quoted_token_text(self) -> str:
        saved = self.pos
        try:
            if self.text[self.pos] in SINGLE_QUOTES:
                self.read_single_quoted()
            else:
                self.read_double_quoted()
            return self.text[saved:self.pos]
        except LexError:
            return self.text[saved:]
        finally:
            self.pos = saved

    def scan_dash_operator(self) -> None:
        start = self.pos
        nxt = self.peek(1)
        if nxt == "=":
            self.pos += 2
            self.emit("ASSIGN", "-=", start)
            self.state = S.STMT
            return
        if nxt in DASHES:
            self.pos += 2
            self.emit("POSTDEC", "--", start)
            return
        word = SIMPLE_NAME_RE.match(self.text, self.pos + 1)
        if word:
            name = word.group(0).lower()
            if name in BINARY_DASH_OPERATORS:
                self.pos = word.end()
                self.emit(BINARY_DASH_OPERATORS[name], "-" + name, start)
                self.state = S.OPERAND
                return
            raise self.error(f"Unexpected token '-{word.group(0)}' in expression or statement.", "UnexpectedToken",
                             token_text="-" + word.group(0))
        self.pos += 1
        self.emit("MINUS", "-", start)
        self.state = S.OPERAND

    def scan_member(self, c: str) -> None:
        start = self.pos
        if c in QUOTES or c == "$":
            self.scan_primary(c, self.postfix_return)
            self.mark_call_paren()
            return
        match = SIMPLE_NAME_RE.match(self.text, self.pos)
        if not match:
            raise self.error("Missing property name after reference operator.", "MissingPropertyName", token_text=c)
        self.pos = match.end()
        self.emit("MEMBER_NAME", match.group(0), start)
        self.state = self.postfix_return
        self.mark_call_paren()

    def mark_call_paren(self) -> None:
        """`$x.Method(` : a paren glued to a member name opens a method call."""
        if self.peek() == "(":
            self.open_frame("LPAREN_CALL", "(", "args", self.postfix_return, ")", S.OPERAND)

    def scan_hash_key(self, c: str) -> None:
        word = SIMPLE_NAME_RE.match(self.text, self.pos)
        if word:
            start = self.pos
            self.pos = word.end()
            self.emit("HASH_KEY", word.group(0), start)
            self.state = S.OPERATOR
            return
        self.state = S.OPERAND
        self.scan_operand(c)


class GenericWord:
    """A bareword's source text and its parts: literal text or `$`-expandable segments."""

    __slots__ = ("text", "parts")

    def __init__(self, text: str, parts: list[tuple[str, str]]) -> None:
        self.text = text
        self.parts = parts

    @property
    def is_literal(self) -> bool:
        return all(kind == "lit" for kind, _ in self.parts)

    @property
    def literal(self) -> str:
        return "".join(value for _, value in self.parts)

    def __repr__(self) -> str:
        return f"GenericWord({self.text!r})"


ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def escape_char(c: str) -> str:
    """The character a backtick escape stands for (§A7)."""
    return ESCAPES.get(c, c)


def string_unterminated(tokenizer: Tokenizer, start: int, terminator: str) -> LexError:
    return LexError(f"The string starting:{{position}}is missing the terminator: {terminator}.",
                    len(tokenizer.text), "TerminatorExpectedAtEndOfString", incomplete=True,
                    token_text=tokenizer.text[start:])


def tokenize(text: str) -> list[Token]:
    return Tokenizer(text).tokenize()
