"""Property tests: whatever the input, a PowerShell-style result, never a Python exception."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emshell.engine.errors import ParseError
from emshell.engine.session import Session
from emshell.host.capture import CaptureHost
from emshell.lab import manage
from emshell.language.parser import parse

# Characters PowerShell gives meaning to, so random text reaches many code paths.
POWERSHELL_ALPHABET = (
    "abcxyzGetWrite-Objc$@(){}[];,|&.:'\"`#<>=+-*/%!\n \t0123456789"
    "\u2013\u2014\u2018\u2019\u201c\u201d"
)
FRAGMENTS = [
    "Get-Date", "Write-Output", "$x", "$_", "@{a=1}", "(1,2)", "{ $_ }", "| %", "-eq", "-f", "..", "`n",
    "'s'", '"$(1)"', "if", "else", "foreach", "(", ")", "{", "}", "[int]", "::", "-Foo", "2>&1", "> c:\\x",
    "function f", "param($a)", "switch", "throw", "try", "catch", "trap", "break", "$null", "1kb", "0x1",
]

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _assert_parse_is_clean(text: str) -> None:
    try:
        parse(text)
    except ParseError as error:
        assert error.record.message
        assert error.record.position is not None


@SETTINGS
@given(st.text(alphabet=POWERSHELL_ALPHABET, max_size=60))
def test_parser_on_powershell_like_text(text: str) -> None:
    _assert_parse_is_clean(text)


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=12).map(" ".join))
def test_parser_on_fragment_soup(text: str) -> None:
    _assert_parse_is_clean(text)


@SETTINGS
@given(st.binary(max_size=80))
def test_parser_on_random_bytes(data: bytes) -> None:
    _assert_parse_is_clean(data.decode("utf-8", errors="replace"))


@pytest.mark.parametrize("depth", [50, 500, 5000])
def test_deep_nesting(depth: int) -> None:
    for text in ("(" * depth + "1" + ")" * depth, "@{a=" * depth + "1" + "}" * depth,
                 "{" * depth, "$(" * depth + ")" * depth, "if ($true) {" * depth + "1" + "}" * depth):
        _assert_parse_is_clean(text)
        output = _run(text)
        assert "Traceback" not in output and "internal error" not in output


@pytest.fixture(scope="module")
def lab():
    with manage.fresh_lab(deterministic=True) as lab:
        yield lab


def _run(text: str, lab=None) -> str:
    host = CaptureHost(answers=[])
    if lab is None:
        with manage.fresh_lab(deterministic=True) as fresh:
            session = Session(host, lambda: fresh, non_interactive=True)
            session.execute(text)
            session.close()
    else:
        session = Session(host, lambda: lab, non_interactive=True)
        session.execute(text)
        session._finish_transaction(failed=True)  # leave the shared lab as it was
    return host.text


@SETTINGS
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=10).map(" ".join))
def test_engine_on_fragment_soup(lab, text: str) -> None:
    output = _run(text, lab)
    assert "Traceback" not in output
    assert "internal error" not in output, output


@SETTINGS
@given(st.text(alphabet=POWERSHELL_ALPHABET, max_size=40))
def test_engine_on_powershell_like_text(lab, text: str) -> None:
    output = _run(text, lab)
    assert "Traceback" not in output
    assert "internal error" not in output, output
