"""Parse errors: PowerShell's message, the 1.0/2.0 position block, and whether more input could
complete the text (the REPL's `>> `). Texts: powershell-semantics §A11, §D5; docs/fidelity.md."""
from __future__ import annotations

import pytest

from emshell.engine.errors import ParseError
from emshell.host.capture import run_commands
from emshell.language.parser import parse

# (source, console text, incomplete)
CASES = [
    ('"abc', 'The string starting:\nAt line:1 char:1\n+  <<<< "abc\nis missing the terminator: ".\n'
             'At line:1 char:5\n+ "abc <<<< \n', True),
    ("Write-Host \u2018abc", "The string starting:\nAt line:1 char:12\n+ Write-Host  <<<< \u2018abc\n"
                             "is missing the terminator: '.\nAt line:1 char:16\n+ Write-Host \u2018abc <<<< \n", True),
    ("{ 1", "Missing closing '}' in statement block.\nAt line:1 char:4\n+ { 1 <<<< \n", True),
    ("if (1 -eq 1) {\n2", "Missing closing '}' in statement block.\nAt line:2 char:2\n+ 2 <<<< \n", True),
    ("1 |", "An empty pipe element is not allowed.\nAt line:1 char:4\n+ 1 | <<<< \n", True),
    ("(1", "Missing closing ')' in expression.\nAt line:1 char:3\n+ (1 <<<< \n", True),
    ("$a[1", "Missing ']' after array index expression.\nAt line:1 char:5\n+ $a[1 <<<< \n", True),
    ("1 +", "You must provide a value expression on the right-hand side of the '+' operator.\n"
            "At line:1 char:4\n+ 1 + <<<< \n", True),
    ("foo | | bar", "An empty pipe element is not allowed.\nAt line:1 char:7\n+ foo |  <<<< | bar\n", False),
    ('"a" 1', "Unexpected token '1' in expression or statement.\nAt line:1 char:5\n+ \"a\"  <<<< 1\n", False),
    ("1 | 'abc'", "Expressions are only permitted as the first element of a pipeline.\nAt line:1 char:5\n"
                  "+ 1 |  <<<< 'abc'\n", False),
    ("1 | 2", "Expressions are only permitted as the first element of a pipeline.\nAt line:1 char:5\n"
              "+ 1 |  <<<< 2\n", False),
    (")", "Unexpected token ')' in expression or statement.\nAt line:1 char:1\n+  <<<< )\n", False),
]


@pytest.mark.parametrize("source,text,incomplete", CASES, ids=[c[0] for c in CASES])
def test_parse_error_text_and_incompleteness(source: str, text: str, incomplete: bool) -> None:
    with pytest.raises(ParseError) as raised:
        parse(source)
    assert raised.value.incomplete is incomplete
    assert run_commands(source) == text


def test_a_parse_error_runs_nothing_of_its_input() -> None:
    assert run_commands("'before'; \"abc") == (
        "The string starting:\nAt line:1 char:11\n+ 'before';  <<<< \"abc\nis missing the terminator: \".\n"
        "At line:1 char:15\n+ 'before'; \"abc <<<< \n")
