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
    # unclosed brackets, also when the input ends with a line break (a script file), with the
    # error PowerShell reports for each kind of bracket
    ("$x = (1 + 2", "Missing closing ')' in expression.\nAt line:1 char:12\n+ $x = (1 + 2 <<<< \n", True),
    ("$x = (1 + 2\n", "Missing closing ')' in expression.\nAt line:1 char:12\n+ $x = (1 + 2 <<<< \n", True),
    ("$x = (1 +\n2\n\n", "Missing closing ')' in expression.\nAt line:2 char:2\n+ 2 <<<< \n", True),
    ("@(1,2", "Missing closing ')' in subexpression.\nAt line:1 char:6\n+ @(1,2 <<<< \n", True),
    ("$(1\n", "Missing closing ')' in subexpression.\nAt line:1 char:4\n+ $(1 <<<< \n", True),
    ("$a[1\n", "Missing ']' after array index expression.\nAt line:1 char:5\n+ $a[1 <<<< \n", True),
    ("@{a=1", "Missing closing '}' in statement block.\nAt line:1 char:6\n+ @{a=1 <<<< \n", True),
    ('"$(1', 'The string starting:\nAt line:1 char:1\n+  <<<< "$(1\nis missing the terminator: ".\n'
             'At line:1 char:5\n+ "$(1 <<<< \n', True),
    ("$x.Foo(1", "Missing ')' in method call.\nAt line:1 char:9\n+ $x.Foo(1 <<<< \n", True),
    ("$x.Foo(1,", "Missing expression after ','.\nAt line:1 char:10\n+ $x.Foo(1, <<<< \n", True),
    ("if ($x\n", "Missing closing ')' after expression in 'if' statement.\nAt line:1 char:7\n+ if ($x <<<< \n",
     True),
    ("do { 1 } while ($x", "Missing closing ')' after expression in 'do' statement.\nAt line:1 char:19\n"
                           "+ do { 1 } while ($x <<<< \n", True),
    ("switch ($x", "Missing ')' after expression in switch statement.\nAt line:1 char:11\n+ switch ($x <<<< \n", True),
    ("foreach ($a", "Missing 'in' after variable in foreach loop.\nThe correct form is: foreach ($a in $b) {...}\n"
                    "At line:1 char:12\n+ foreach ($a <<<< \n", True),
    ("foreach ($a in", "Missing expression in foreach loop.\nThe correct form is: foreach ($a in $b) {...}\n"
                       "At line:1 char:15\n+ foreach ($a in <<<< \n", True),
    ("foreach ($a in 1", "Missing closing ')' after expression part of foreach loop.\nThe correct form is: "
                         "foreach ($a in $b) {...}\nAt line:1 char:17\n+ foreach ($a in 1 <<<< \n", True),
    ("function f {", "Missing closing '}' in statement block.\nAt line:1 char:13\n+ function f { <<<< \n", True),
    ("function f($a", "Missing ')' in function parameter list.\nAt line:1 char:14\n+ function f($a <<<< \n", True),
    # a statement's block or part left out
    ("function f\n", "Missing function body in function declaration.\nAt line:1 char:11\n+ function f <<<< \n", True),
    ("if ($x)", "Missing statement block after if ( condition ).\nAt line:1 char:8\n+ if ($x) <<<< \n", True),
    ("if ($x) { 1 }\nelse", "Missing statement block after 'else' keyword.\nAt line:2 char:5\n+ else <<<< \n", True),
    ("while ($x) 1", "Missing statement body in while loop.\nAt line:1 char:12\n+ while ($x)  <<<< 1\n", False),
    ("switch (1) {", "Missing condition in switch statement clause.\nAt line:1 char:13\n+ switch (1) { <<<< \n",
     True),
    ("switch (1) { 1\n", "Missing statement block in switch statement clause.\nAt line:1 char:15\n"
                         "+ switch (1) { 1 <<<< \n", True),
    ("try { 1 }", "The Try statement is missing its Catch or Finally block.\nAt line:1 char:10\n+ try { 1 } <<<< \n",
     True),
    ("try { 1 }\n'x'", "The Try statement is missing its Catch or Finally block.\nAt line:2 char:1\n+  <<<< 'x'\n",
     False),
    ("do { 1 }", "Missing while or until keyword in do loop.\nAt line:1 char:9\n+ do { 1 } <<<< \n", True),
    ("-not", "Missing expression after unary operator '-not'.\nAt line:1 char:5\n+ -not <<<< \n", True),
    # the closing bracket must come where the statement or argument ends
    ("$x = (1 + 2\n$y = 3\n", "Missing closing ')' in expression.\nAt line:1 char:12\n+ $x = (1 + 2 <<<< \n", False),
    ("if ($x\n1) {}", "Missing closing ')' after expression in 'if' statement.\nAt line:1 char:7\n+ if ($x <<<< \n",
     False),
    ("(1; 2)", "Missing closing ')' in expression.\nAt line:1 char:3\n+ (1 <<<< ; 2)\n", False),
    ("$x.f(1 2)", "Missing ')' in method call.\nAt line:1 char:8\n+ $x.f(1  <<<< 2)\n", False),
    ("$a[1 2]", "Missing ']' after array index expression.\nAt line:1 char:6\n+ $a[1  <<<< 2]\n", False),
    ("$a[]", "Array index expression is missing or not valid.\nAt line:1 char:3\n+ $a <<<< []\n", False),
]


@pytest.mark.parametrize("source,text,incomplete", CASES, ids=[c[0] for c in CASES])
def test_parse_error_text_and_incompleteness(source: str, text: str, incomplete: bool) -> None:
    with pytest.raises(ParseError) as raised:
        parse(source)
    assert raised.value.incomplete is incomplete
    assert run_commands(source) == text


def test_a_newline_before_the_pattern_block_of_a_switch_clause_is_allowed() -> None:
    assert run_commands("switch (1) {\n  1\n  { 'one' }\n}") == "one\n"


def test_no_message_quotes_a_line_break_or_a_grammar_token_name() -> None:
    for source in ("$x = (1 + 2\n", "if ($x\n", "switch (1) { 1\n", "(1\n;", "foreach ($a in\n\n", "try { }\n\n"):
        with pytest.raises(ParseError) as raised:
            parse(source)
        message = raised.value.record.message
        assert "'\n'" not in message and "NEWLINE" not in message and "$END" not in message, (source, message)


def test_a_parse_error_runs_nothing_of_its_input() -> None:
    assert run_commands("'before'; \"abc") == (
        "The string starting:\nAt line:1 char:11\n+ 'before';  <<<< \"abc\nis missing the terminator: \".\n"
        "At line:1 char:15\n+ 'before'; \"abc <<<< \n")
