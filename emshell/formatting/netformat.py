""".NET format strings in the en-US culture of the fidelity profile (.NET Framework 2.0 rules).

`format_value(value, spec)` is `IFormattable.ToString(spec, CurrentCulture)`;
`composite_format(text, args)` is `String.Format(CurrentCulture, text, args)`. Format-Table's
`FormatString` key uses both (§C6), and so can the engine's `-f` operator.
"""
from __future__ import annotations

import re
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Callable, Sequence

from emshell.engine.objects import INT32_MIN, format_double, is_enum, to_string


class FormatError(ValueError):
    """System.FormatException: the message is .NET's."""


BAD_FORMAT = "Input string was not in a correct format."
BAD_INDEX = ("Index (zero based) must be greater than or equal to zero and less than the size "
             "of the argument list.")

# en-US DateTimeFormatInfo as shipped with Windows Server 2003 / .NET 2.0 (long date has `dd`).
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DATE_PATTERNS = {
    "d": "M/d/yyyy", "D": "dddd, MMMM dd, yyyy", "t": "h:mm tt", "T": "h:mm:ss tt",
    "f": "dddd, MMMM dd, yyyy h:mm tt", "F": "dddd, MMMM dd, yyyy h:mm:ss tt",
    "g": "M/d/yyyy h:mm tt", "G": "M/d/yyyy h:mm:ss tt", "m": "MMMM dd", "M": "MMMM dd",
    "y": "MMMM, yyyy", "Y": "MMMM, yyyy", "s": "yyyy'-'MM'-'dd'T'HH':'mm':'ss",
    "u": "yyyy'-'MM'-'dd HH':'mm':'ss'Z'", "r": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
    "R": "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'", "o": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff",
    "O": "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff", "U": "dddd, MMMM dd, yyyy h:mm:ss tt",
}


# -- entry points ---------------------------------------------------------------------------

def format_value(value: Any, spec: str | None) -> str:
    """`value.ToString(spec)`; values that are not IFormattable ignore the spec."""
    if not spec or isinstance(value, (bool, str)) or is_enum(value):
        return to_string(value)
    if isinstance(value, datetime):
        return format_datetime(value, spec)
    if isinstance(value, (int, float, Decimal)):
        return format_number(value, spec)
    return to_string(value)


_ITEM = re.compile(r"\{(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::([^}]*))?\}")


def composite_format(text: str, args: Sequence[Any]) -> str:
    """String.Format: `{index[,alignment][:format]}`, `{{` and `}}` escapes."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in "{}" and text.startswith(char * 2, pos):
            out.append(char)
            pos += 2
        elif char == "}":
            raise FormatError(BAD_FORMAT)
        elif char == "{":
            match = _ITEM.match(text, pos)
            if match is None:
                raise FormatError(BAD_FORMAT)
            out.append(_format_item(match, args))
            pos = match.end()
        else:
            out.append(char)
            pos += 1
    return "".join(out)


def _format_item(match: re.Match[str], args: Sequence[Any]) -> str:
    index, width = int(match.group(1)), int(match.group(2) or 0)
    if index >= 1_000_000 or abs(width) >= 1_000_000:  # String.Format's limits
        raise FormatError(BAD_FORMAT)
    if index >= len(args):
        raise FormatError(BAD_INDEX)
    text = format_value(args[index], match.group(3))
    return text.rjust(width) if width >= 0 else text.ljust(-width)


# -- numbers --------------------------------------------------------------------------------

_STANDARD = re.compile(r"([A-Za-z])(\d{0,2})")


def format_number(value: int | float | Decimal, spec: str) -> str:
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return format_double(value)
    match = _STANDARD.fullmatch(spec)
    if match is None:
        return _custom_number(_decimal(value), spec)
    letter, digits = match.group(1), match.group(2)
    handler = _NUMBER_FORMATS.get(letter.upper())
    if handler is None:
        raise FormatError("Format specifier was invalid.")
    precision = int(digits) if digits else None
    with localcontext() as context:
        context.prec = 1000  # every digit of a Double's 309 places plus 99 decimals ({0:N99} -f 1e300)
        return handler(value, precision, letter)


def _decimal(value: int | float | Decimal) -> Decimal:
    """Doubles are formatted from their 15 significant digits, as .NET Framework does."""
    if isinstance(value, float):
        return Decimal("%.14E" % value)
    return Decimal(value)


def _round(number: Decimal, places: int) -> Decimal:
    return number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _digits(number: Decimal, places: int, group: bool) -> tuple[bool, str]:
    """(negative, |number| with `places` decimals, optionally with thousands separators)."""
    rounded = _round(number, places)
    text = format(abs(rounded), "f")
    whole, _, fraction = text.partition(".")
    if group:
        whole = f"{int(whole):,}"
    return rounded != 0 and rounded < 0, whole + ("." + fraction if fraction else "")


def _fixed(value, precision, letter):
    negative, text = _digits(_decimal(value), 2 if precision is None else precision, False)
    return "-" + text if negative else text


def _number(value, precision, letter):
    negative, text = _digits(_decimal(value), 2 if precision is None else precision, True)
    return "-" + text if negative else text


def _currency(value, precision, letter):
    negative, text = _digits(_decimal(value), 2 if precision is None else precision, True)
    return f"(${text})" if negative else f"${text}"  # en-US CurrencyNegativePattern 0


def _percent(value, precision, letter):
    number = _decimal(value) * 100
    negative, text = _digits(number, 2 if precision is None else precision, True)
    return f"-{text} %" if negative else f"{text} %"  # en-US (.NET Framework) "n %"


def _integer_only(value) -> int:
    if isinstance(value, int):
        return value
    raise FormatError("Format specifier was invalid.")


def _decimal_digits(value, precision, letter):
    number = _integer_only(value)
    text = str(abs(number)).zfill(precision or 0)
    return "-" + text if number < 0 else text


def _hex(value, precision, letter):
    number = _integer_only(value)
    if number < 0:
        number += 2**32 if number >= INT32_MIN else 2**64
    text = format(number, "X" if letter == "X" else "x")
    return text.zfill(precision or 0)


def _scientific(value, precision, letter):
    places = 6 if precision is None else precision
    number = _decimal(value)
    negative = number < 0
    mantissa, exponent = _split_exponent(abs(number), places + 1)
    body = format(_round(mantissa, places), "f")
    sign = "-" if exponent < 0 else "+"
    text = f"{body}{letter}{sign}{abs(exponent):03d}"
    return "-" + text if negative and mantissa != 0 else text


def _split_exponent(number: Decimal, significant: int) -> tuple[Decimal, int]:
    """number = mantissa * 10**exponent with 1 <= mantissa < 10 after rounding."""
    if number == 0:
        return Decimal(0), 0
    rounded = number.quantize(Decimal(1).scaleb(number.adjusted() - significant + 1),
                              rounding=ROUND_HALF_UP)
    exponent = rounded.adjusted()
    return rounded.scaleb(-exponent), exponent


def _general(value, precision, letter):
    if precision is None or precision == 0:
        if isinstance(value, float):
            return format_double(value)
        if isinstance(value, int):
            return str(value)
        precision = 29
    number = _decimal(value)
    mantissa, exponent = _split_exponent(abs(number), precision)
    sign = "-" if number < 0 and mantissa != 0 else ""
    if -5 <= exponent < precision:
        text = format(mantissa.scaleb(exponent), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return sign + text
    digits = format(mantissa, "f")
    digits = digits.rstrip("0").rstrip(".") if "." in digits else digits
    exp_letter = "E" if letter == "G" else "e"
    return f"{sign}{digits}{exp_letter}{'-' if exponent < 0 else '+'}{abs(exponent):02d}"


def _round_trip(value, precision, letter):
    if not isinstance(value, float):
        return to_string(value)
    text = format_double(value)
    return text if float(text) == value else _general(value, 17, "G")


_NUMBER_FORMATS: dict[str, Callable[[Any, int | None, str], str]] = {
    "C": _currency, "D": _decimal_digits, "E": _scientific, "F": _fixed, "G": _general,
    "N": _number, "P": _percent, "R": _round_trip, "X": _hex,
}


# -- custom numeric formats ("0.00", "#,##0", "0%") -----------------------------------------

_LITERAL = re.compile(r"'[^']*'|\"[^\"]*\"|\\.|.", re.S)


def _sections(spec: str) -> list[list[str]]:
    """Tokens per `;`-separated section, quotes and escapes kept whole."""
    sections: list[list[str]] = [[]]
    for token in _LITERAL.findall(spec):
        if token == ";":
            sections.append([])
        else:
            sections[-1].append(token)
    return sections


def _custom_number(number: Decimal, spec: str) -> str:
    sections = _sections(spec)
    tokens = sections[0]
    explicit_sign = False
    if number < 0 and len(sections) > 1 and sections[1]:
        tokens, explicit_sign = sections[1], True
    elif number == 0 and len(sections) > 2 and sections[2]:
        tokens = sections[2]
    text = _render_custom(abs(number), tokens)
    negative = number < 0 and not explicit_sign and any(c in "123456789" for c in text)
    return "-" + text if negative else text


def _render_custom(number: Decimal, tokens: list[str]) -> str:
    point = tokens.index(".") if "." in tokens else len(tokens)
    whole_tokens, fraction_tokens = tokens[:point], tokens[point + 1:]
    placeholders = [t for t in whole_tokens if t in "0#"]
    group = _has_inner_comma(whole_tokens)
    number = number / Decimal(1000) ** _trailing_commas(whole_tokens)
    number *= Decimal(100) ** tokens.count("%")
    fraction_slots = [t for t in fraction_tokens if t in "0#"]
    rounded = _round(number, len(fraction_slots))
    whole, _, fraction = format(rounded, "f").partition(".")
    fraction = fraction.ljust(len(fraction_slots), "0")
    minimum_fraction = max((i + 1 for i, t in enumerate(fraction_slots) if t == "0"), default=0)
    fraction = fraction.rstrip("0").ljust(minimum_fraction, "0")
    minimum_whole = len(placeholders) - placeholders.index("0") if "0" in placeholders else 0
    whole = whole.lstrip("0").rjust(minimum_whole, "0")
    if group and whole:
        whole = f"{int(whole):,}"
    return _emit_whole(whole_tokens, whole) + _emit_fraction(fraction_tokens, fraction)


def _first_placeholder(tokens: list[str]) -> int:
    return next((i for i, t in enumerate(tokens) if t in "0#"), len(tokens))


def _trailing_commas(tokens: list[str]) -> int:
    """Commas right after the last digit placeholder scale by 1000 each."""
    count = 0
    for token in reversed(tokens):
        if token != ",":
            break
        count += 1
    return count


def _has_inner_comma(tokens: list[str]) -> bool:
    first = _first_placeholder(tokens)
    last = max((i for i, t in enumerate(tokens) if t in "0#"), default=-1)
    return "," in tokens[first:last]


def _emit_whole(tokens: list[str], digits: str) -> str:
    """Extra leading digits go to the first placeholder; later ones take one digit each."""
    slots = sum(1 for t in tokens if t in "0#")
    grouped = "," in digits
    out: list[str] = []
    slot = 0
    for token in tokens:
        if token in "0#":
            if grouped:
                out.append(digits if slot == 0 else "")
            else:
                start = len(digits) - slots + slot
                out.append(digits[:start + 1] if slot == 0 else (digits[start] if start >= 0 else ""))
            slot += 1
        elif token != ",":
            out.append(_literal(token))
    if slots == 0:
        out.append(digits)
    return "".join(out)


def _emit_fraction(tokens: list[str], digits: str) -> str:
    if not digits:
        return "".join(_literal(t) for t in tokens if t not in "0#,")
    out: list[str] = ["."]
    index = 0
    for token in tokens:
        if token in "0#":
            out.append(digits[index] if index < len(digits) else "")
            index += 1
        elif token != ",":
            out.append(_literal(token))
    return "".join(out)


def _literal(token: str) -> str:
    if token[0] in "'\"" and len(token) > 1:
        return token[1:-1]
    if token.startswith("\\"):
        return token[1:]
    return token


# -- dates ----------------------------------------------------------------------------------

_DATE_TOKEN = re.compile(r"'[^']*'|\"[^\"]*\"|\\.|d+|f+|F+|g+|h+|H+|K|m+|M+|s+|t+|y+|z+|.", re.S)


def format_datetime(value: datetime, spec: str) -> str:
    if len(spec) == 1:
        if spec not in DATE_PATTERNS:
            raise FormatError(BAD_FORMAT)
        spec = DATE_PATTERNS[spec]
    elif spec.startswith("%") and len(spec) == 2:
        spec = spec[1]
    return "".join(_date_part(value, token) for token in _DATE_TOKEN.findall(spec))


def _date_part(value: datetime, token: str) -> str:
    char, count = token[0], len(token)
    if char in "dfFhHmMsty" and token == char * count:
        return _DATE_FIELDS[char](value, count)
    if char == "g":
        return "A.D."
    if char == "z":  # the lab's zone is UTC
        return _UTC_OFFSET[min(count, 3)]
    if char == "K":
        return ""
    return _literal(token)


def _day(value: datetime, count: int) -> str:
    if count >= 3:
        name = DAY_NAMES[value.weekday()]
        return name if count > 3 else name[:3]
    return f"{value.day:0{count}d}"


def _month(value: datetime, count: int) -> str:
    if count >= 3:
        name = MONTH_NAMES[value.month - 1]
        return name if count > 3 else name[:3]
    return f"{value.month:0{count}d}"


def _year(value: datetime, count: int) -> str:
    return f"{value.year % 100:0{count}d}" if count <= 2 else f"{value.year:0{count}d}"


def _fraction(value: datetime, count: int, trim: bool) -> str:
    text = f"{value.microsecond:06d}0"[:count]
    return text.rstrip("0") if trim else text


_UTC_OFFSET = {1: "+0", 2: "+00", 3: "+00:00"}

_DATE_FIELDS: dict[str, Callable[[datetime, int], str]] = {
    "d": _day,
    "M": _month,
    "y": _year,
    "h": lambda v, n: f"{v.hour % 12 or 12:0{min(n, 2)}d}",
    "H": lambda v, n: f"{v.hour:0{min(n, 2)}d}",
    "m": lambda v, n: f"{v.minute:0{min(n, 2)}d}",
    "s": lambda v, n: f"{v.second:0{min(n, 2)}d}",
    "f": lambda v, n: _fraction(v, n, False),
    "F": lambda v, n: _fraction(v, n, True),
    "t": lambda v, n: ("AM" if v.hour < 12 else "PM")[:1 if n == 1 else 2],
}


def long_date_time(value: datetime) -> str:
    """The DateTime view's text: `ToLongDateString() + " " + ToLongTimeString()` (§C6)."""
    return format_datetime(value, "D") + " " + format_datetime(value, "T")
