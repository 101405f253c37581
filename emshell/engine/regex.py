"""System.Text.RegularExpressions for scripts: `[regex]` objects, their static and instance
methods (Match, Matches, IsMatch, Replace, Split, Escape, Unescape) and the Match/Group/Capture
objects they return, with .NET's defaults: case-sensitive unless RegexOptions say otherwise
(only the -match family of operators ignores case by default).
"""
from __future__ import annotations

import re
from typing import Any

from emshell.engine import conversion as conv
from emshell.engine.objects import PSObject

_NS = "System.Text.RegularExpressions."
_FLAGS = {"ignorecase": re.IGNORECASE, "multiline": re.MULTILINE, "singleline": re.DOTALL,
          "ignorepatternwhitespace": re.VERBOSE}
_IGNORED_OPTIONS = {"none", "explicitcapture", "compiled", "cultureinvariant", "ecmascript", "righttoleft"}

# Python's compile errors in .NET's words (ArgumentException texts), where both name the same mistake.
_PARSE_ERRORS = (
    ("missing ), unterminated subpattern", "Not enough )'s."),
    ("unbalanced parenthesis", "Too many )'s."),
    ("unterminated character set", "Unterminated [] set."),
    ("nothing to repeat", "Quantifier {x,y} following nothing."),
    ("multiple repeat", "Nested quantifier"),
    ("bad escape (end of pattern)", "Illegal \\ at end of pattern."),
)


def dotnet_regex(pattern: str) -> str:
    """The .NET regex features PowerShell scripts use, in Python syntax (named groups, back-references)."""
    pattern = re.sub(r"\(\?(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')",
                     lambda m: f"(?P<{m.group(1) or m.group(2)}>", pattern)
    return re.sub(r"\\k(?:<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')",
                  lambda m: f"(?P={m.group(1) or m.group(2)})", pattern)


def regex_substitute(compiled: re.Pattern, text: str, replacement: str) -> str:
    """Regex.Replace: every match of `compiled` in `text` replaced by the .NET `replacement`."""
    pieces = _parse_substitution(replacement, _dotnet_group_numbers(compiled))
    return compiled.sub(lambda found: _substitute(found, pieces), text)


def dotnet_group_order(compiled: re.Pattern) -> list[int]:
    """Python group indexes in .NET's numbering: the whole match, the unnamed groups, then the
    named ones, each left to right."""
    named = sorted(compiled.groupindex.values())
    return [0, *(index for index in range(1, compiled.groups + 1) if index not in named), *named]


def _dotnet_group_numbers(compiled: re.Pattern) -> dict[str, int]:
    """Group name or .NET number -> Python group index; a named group is reachable by its name
    and its number."""
    groups = {str(number): index for number, index in enumerate(dotnet_group_order(compiled))}
    for name, index in compiled.groupindex.items():
        groups[name] = index
    return groups


_SUBSTITUTION = re.compile(r"\$(?:(\d+)|\{(\w+)\}|([$&`'+_]))")


def _parse_substitution(replacement: str, groups: dict[str, int]) -> list[Any]:
    """A .NET replacement string as literal text and references: `$1`, `${name}`, `$0`/`$&` (the
    match), `` $` `` / `$'` (text before / after it), `$+` (last group), `$_` (the input), `$$` (a
    `$`). A reference to a group the pattern lacks stays as literal text, as in .NET."""
    pieces: list[Any] = []
    position = 0
    for found in _SUBSTITUTION.finditer(replacement):
        digits, name, special = found.groups()
        if special == "$":
            piece: Any = "$"
        elif special:
            piece = ("special", special)
        else:
            key = digits if digits is not None else name
            key = str(int(key)) if key.isdigit() else key
            if key not in groups:
                continue  # not a group: the text stays literal
            piece = ("group", groups[key])
        pieces.append(replacement[position:found.start()])
        pieces.append(piece)
        position = found.end()
    pieces.append(replacement[position:])
    return [piece for piece in pieces if piece != ""]


def _substitute(found: re.Match, pieces: list[Any]) -> str:
    out: list[str] = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
        elif piece[0] == "group":
            out.append(found.group(piece[1]) or "")
        elif piece[1] == "&":
            out.append(found.group(0))
        elif piece[1] == "`":
            out.append(found.string[:found.start()])
        elif piece[1] == "'":
            out.append(found.string[found.end():])
        elif piece[1] == "_":
            out.append(found.string)
        else:  # "+": the last group of the pattern
            last = found.re.groups
            out.append((found.group(last) or "") if last else found.group(0))
    return "".join(out)


def regex_flags(options: Any) -> int:
    """RegexOptions given as a name list (`'IgnoreCase, Multiline'`) or enum value."""
    flags = 0
    for item in conv.to_list(options):
        for name in conv.expand_string(item).replace("|", ",").split(","):
            key = name.strip().lower()
            if key in _FLAGS:
                flags |= _FLAGS[key]
            elif key and key not in _IGNORED_OPTIONS:
                raise conv.ConversionError(
                    f'Cannot convert value "{conv.expand_string(item)}" to type "{_NS}RegexOptions" due to '
                    f'invalid enumeration values. Specify one of the following enumeration values and try again. '
                    f'The possible enumeration values are "None, IgnoreCase, Multiline, ExplicitCapture, Compiled, '
                    f'Singleline, IgnorePatternWhitespace, RightToLeft, ECMAScript, CultureInvariant".')
    return flags


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(dotnet_regex(pattern), flags)
    except re.error as error:
        msg = str(error.msg)
        text = next((dotnet for python, dotnet in _PARSE_ERRORS if msg.startswith(python)), None)
        if text is None and msg.startswith("bad escape "):
            text = f"Unrecognized escape sequence {msg.split()[2]}."
        text = text or msg[:1].upper() + msg[1:] + "."
        raise conv.ConversionError(f'parsing "{pattern}" - {text}', "ArgumentException") from None


def escape(text: str) -> str:
    """Regex.Escape: the metacharacters `\\ * + ? | { [ ( ) ^ $ . #` and white space (not `]` or `}`)."""
    out = []
    for char in text:
        if char in "\\*+?|{[()^$.# ":
            out.append("\\" + char)
        else:
            out.append({"\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f"}.get(char, char))
    return "".join(out)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(m.group(1), m.group(1)), text)


class CaptureValue(PSObject):
    TYPE_NAMES = (_NS + "Capture", "System.Object")
    PROPERTIES = ("Index", "Length", "Value")

    def __init__(self, index: int, value: str) -> None:
        self.Index = index
        self.Length = len(value)
        self.Value = value

    def ps_to_string(self) -> str:
        return self.Value


class GroupValue(CaptureValue):
    TYPE_NAMES = (_NS + "Group", _NS + "Capture", "System.Object")
    PROPERTIES = ("Success", "Captures", "Index", "Length", "Value")

    def __init__(self, found: re.Match | None, group: int | str = 0) -> None:
        span = found.span(group) if found is not None else (-1, -1)
        self.Success = span[0] >= 0
        super().__init__(max(span[0], 0), found.group(group) or "" if found is not None else "")
        self.Captures = [CaptureValue(self.Index, self.Value)] if self.Success else []


class MatchValue(GroupValue):
    TYPE_NAMES = (_NS + "Match", _NS + "Group", _NS + "Capture", "System.Object")
    PROPERTIES = ("Groups", "Success", "Captures", "Index", "Length", "Value")

    def __init__(self, found: re.Match | None, regex: "RegexValue") -> None:
        super().__init__(found)
        self._found, self._regex = found, regex
        self.Groups = [GroupValue(found, i) for i in dotnet_group_order(found.re)] if found is not None \
            else [GroupValue(None)]

    def ps_methods(self) -> dict[str, Any]:
        return {"NextMatch": lambda ctx: self._regex.next_match(self._found)}


class RegexValue(PSObject):
    TYPE_NAMES = (_NS + "Regex", "System.Object")
    PROPERTIES = ("Options", "RightToLeft")
    RightToLeft = False

    def __init__(self, pattern: str, options: Any = None) -> None:
        flags = regex_flags(options) if options is not None else 0
        self.pattern = pattern
        self.compiled = compile_pattern(pattern, flags)
        names = [name for name, flag in _FLAGS.items() if flags & flag]
        self.Options = ", ".join(_OPTION_NAMES[n] for n in names) or "None"

    def ps_to_string(self) -> str:
        return self.pattern

    def match(self, text: Any, start: Any = 0) -> MatchValue:
        return MatchValue(self.compiled.search(conv.expand_string(text), conv.to_int(start)), self)

    def next_match(self, found: re.Match | None) -> MatchValue:
        if found is None:
            return MatchValue(None, self)
        start = found.end() + (1 if found.end() == found.start() else 0)
        if start > len(found.string):
            return MatchValue(None, self)
        return MatchValue(self.compiled.search(found.string, start), self)

    def matches(self, text: Any) -> list[MatchValue]:
        return [MatchValue(found, self) for found in self.compiled.finditer(conv.expand_string(text))]

    def replace(self, text: Any, replacement: Any) -> str:
        return regex_substitute(self.compiled, conv.expand_string(text), conv.expand_string(replacement))

    def split(self, text: Any) -> list[str]:
        return [part or "" for part in self.compiled.split(conv.expand_string(text))]

    def group_names(self) -> list[str]:
        """The numbers of the unnamed groups (0 first), then the names of the named ones."""
        names = {index: name for name, index in self.compiled.groupindex.items()}
        order = dotnet_group_order(self.compiled)
        return [names.get(index, str(number)) for number, index in enumerate(order)]

    def ps_methods(self) -> dict[str, Any]:
        return {
            "Match": lambda ctx, text, start=0: self.match(text, start),
            "Matches": lambda ctx, text: self.matches(text),
            "IsMatch": lambda ctx, text: self.match(text).Success,
            "Replace": lambda ctx, text, replacement: self.replace(text, replacement),
            "Split": lambda ctx, text: self.split(text),
            "GetGroupNames": lambda ctx: self.group_names(),
        }


_OPTION_NAMES = {"ignorecase": "IgnoreCase", "multiline": "Multiline", "singleline": "Singleline",
                 "ignorepatternwhitespace": "IgnorePatternWhitespace"}


def to_regex(value: Any) -> RegexValue:
    """`[regex]"pattern"`: a bad pattern fails as any cast does, quoting .NET's reason."""
    if isinstance(value, RegexValue):
        return value
    text = conv.expand_string(value)
    try:
        return RegexValue(text)
    except conv.ConversionError as error:
        raise conv.ConversionError(f'Cannot convert value "{text}" to type "{_NS}Regex". Error: "{error}"') from None


def _static(method: str) -> Any:
    """`[regex]::Match(input, pattern[, options])` and friends: a one-off Regex, then its method."""
    def call(ctx: Any, text: Any, pattern: Any, *rest: Any) -> Any:
        regex_args, method_args = (rest[1:], rest[:1]) if method == "Replace" else (rest, ())
        if len(regex_args) > 1:
            raise TypeError(method)
        regex = RegexValue(conv.expand_string(pattern), *regex_args)
        return regex.ps_methods()[method](ctx, text, *method_args)
    return call


STATIC_METHODS = {
    "Escape": lambda ctx, text: escape(conv.expand_string(text)),
    "Unescape": lambda ctx, text: unescape(conv.expand_string(text)),
    **{name: _static(name) for name in ("Match", "Matches", "IsMatch", "Replace", "Split")},
}
