"""Error handling and flow: what a failure undoes, exit, throw, -ErrorAction, $Error, bad format specs."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from emshell.host.capture import run_commands


def test_a_failing_call_undoes_only_itself_earlier_calls_of_the_pipeline_stand() -> None:
    # New-ExchangeCertificate's request is made; Enable then fails on it: the request stays, as in PowerShell
    text = run_commands(
        'New-ExchangeCertificate -GenerateRequest -SubjectName "CN=z.ehlo.dk" -Path c:\\z.req | '
        "Enable-ExchangeCertificate -Services IIS | Out-Null",
        "(Get-ExchangeCertificate | Where-Object { $_.Status -eq 'PendingRequest' }).Subject",
        "Test-Path c:\\z.req",
    )
    assert text.endswith("CN=z.ehlo.dk\nTrue\n")
    assert "was not found." in text


def test_exit_in_a_called_script_ends_only_that_script() -> None:
    assert run_commands("Set-Content c:\\e.ps1 '\"in\"; exit 5; \"not\"'",
                        "& c:\\e.ps1; \"after $LASTEXITCODE\"") == "in\nafter 5\n"


def test_exit_needs_a_number() -> None:
    assert run_commands('exit "abc"') == (
        'Cannot convert value "abc" to type "System.Int32". Error: "Input string was not\n'
        ' in a correct format."\n'
        "At line:1 char:1\n"
        '+  <<<< exit "abc"\n'
    )


def test_script_arguments_from_the_command_line_fill_param_then_args(tmp_path: Path) -> None:
    script = tmp_path / "args.ps1"
    script.write_text('param($first)\n"first=$first args=$args"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "emshell", "--fresh", str(script), "a", "b", "c"],
                         capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert (run.returncode, run.stdout) == (0, "first=a args=b c\n")


def test_throw_reports_after_the_keyword_and_a_bare_throw_rethrows_in_catch() -> None:
    assert run_commands('try { try { throw "inner" } catch { throw } } catch { "caught $_" }',
                        'throw "This is an error."') == (
        "caught inner\n"
        "This is an error.\n"
        "At line:1 char:6\n"
        '+ throw  <<<< "This is an error."\n'
    )


def test_error_action_takes_the_action_preference_enum_and_stop_wraps_the_error() -> None:
    assert run_commands("Get-Item c:\\nope -ea 0; 'quiet'", "Get-Item c:\\nope -ErrorAction Stop") == (
        "quiet\n"
        'Get-Item : Command execution stopped because the shell variable "ErrorActionPre\n'
        "ference\" is set to Stop: Cannot find path 'C:\\nope' because it does not exist.\n"
        "At line:1 char:9\n"
        "+ Get-Item  <<<< c:\\nope -ErrorAction Stop\n"
    )


def test_error_is_an_array_list() -> None:
    assert run_commands("Get-Item c:\\nope -ea 0", "$Error.Count; $Error.GetType().FullName; $Error.Clear(); "
                        "$Error.Count") == "1\nSystem.Collections.ArrayList\n0\n"


def test_bad_calculated_properties_and_enumeration_limit_are_errors_not_crashes() -> None:
    assert run_commands("Get-Date | Select-Object -Property @{e=1}",
                        "Get-Date | Format-Table @{l='x'; e={ 1 }; Width='abc'}",
                        "$FormatEnumerationLimit = 'x'; @{a = 1..3} | Format-List") == (
        "Select-Object : The Expression key has a type, System.Int32, that is not valid;\n"
        " it must be one of the following types: {System.String, System.Management.Autom\n"
        "ation.ScriptBlock}.\n"
        "At line:1 char:25\n"
        "+ Get-Date | Select-Object  <<<< -Property @{e=1}\n"
        "Format-Table : The Width key has a type, System.String, that is not valid; it m\n"
        "ust be of type System.Int32.\n"
        "At line:1 char:24\n"
        "+ Get-Date | Format-Table  <<<< @{l='x'; e={ 1 }; Width='abc'}\n"
        "\n\n"
        "Name  : a\n"
        "Key   : a\n"
        "Value : {1, 2, 3}\n"
        "\n\n\n"
    )


def test_break_or_continue_that_finds_no_loop_ends_the_input_even_from_a_pipeline() -> None:
    # PowerShell looks for the loop dynamically; with none, the script (here: the input line) ends
    assert run_commands("1..5 | ForEach-Object { if ($_ -eq 3) { break }; $_ }; 'same input'", "'next input'",
                        "1..5 | ForEach-Object { if ($_ -eq 2) { continue }; $_ }; 'same input'",
                        "foreach ($a in 1..2) { foreach ($b in 1..3) { if ($b -eq 2) { break nosuch }; \"$a$b\" } }; "
                        "'same input'", "'a'; return; 'b'") == (
        "1\n2\nnext input\n1\n11\na\n")


def test_break_and_continue_in_a_pipeline_act_on_the_loop_around_it() -> None:
    assert run_commands(
        "foreach ($i in 1..3) { 1..5 | ForEach-Object { if ($_ -eq 2) { break }; \"$i$_\" }; 'not reached' }; 'after'",
        "foreach ($i in 1..2) { 1..3 | ForEach-Object { if ($_ -eq 2) { continue }; \"$i$_\" }; 'not reached' }",
        "function f { break }; foreach ($i in 1..3) { $i; f }; 'after f'") == (
        "11\nafter\n11\n21\n1\nafter f\n")


def test_break_at_the_top_of_a_script_file_ends_it_successfully(tmp_path: Path) -> None:
    script = tmp_path / "brk.ps1"
    script.write_text("'a'\n1..3 | ForEach-Object { if ($_ -eq 2) { break }; \"p$_\" }\n'not reached'\n",
                      encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "emshell", "--fresh", str(script)],
                         capture_output=True, text=True, env=dict(os.environ), timeout=120)
    assert (run.returncode, run.stdout, run.stderr) == (0, "a\np1\n", "")


def test_catch_by_type_sees_the_exception_a_method_or_operator_threw() -> None:
    assert run_commands(
        "try { [int]::Parse('x') } catch [System.FormatException] { 'fmt' }",
        "try { 1/0 } catch [System.DivideByZeroException] { 'div' }",
        "try { [int]::Parse('x') } catch [System.Management.Automation.RuntimeException] { 'rt' }",
        "try { 1/0 } catch [Management.Automation.RuntimeException] { 'rt' }",
        "try { 1/0 } catch [ArithmeticException] { 'base class' }",
        "try { 'abc'.Substring(5) } catch [ArgumentException] { 'argument' }",
        "try { [int]'abc' } catch [InvalidCastException] { 'cast' }",
        "trap [DivideByZeroException] { 'trapped'; continue }; 1/0; 'after'",
        "try { Get-Item c:\\nope -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] "
        "{ 'not found' }",
        "try { 1/0 } catch [FormatException] { 'no' }") == (
        "fmt\ndiv\nrt\nrt\nbase class\nargument\ncast\ntrapped\nafter\nnot found\n"
        "Attempted to divide by zero.\nAt line:1 char:7\n+ try {  <<<< 1/0 } catch [FormatException] { 'no' }\n")


def test_exception_and_inner_exception_of_a_caught_error() -> None:
    show = "$_.Exception.GetType().FullName; $_.Exception.Message; $i = $_.Exception.InnerException; " \
           "if ($i) { $i.GetType().FullName; $i.Message } else { 'no inner' }"
    assert run_commands(f"try {{ [int]::Parse('x') }} catch {{ {show} }}", f"try {{ 1/0 }} catch {{ {show} }}",
                        f"try {{ throw 'x' }} catch {{ {show} }}") == (
        "System.Management.Automation.MethodInvocationException\n"
        'Exception calling "Parse" with "1" argument(s): "Input string was not in a correct format."\n'
        "System.FormatException\nInput string was not in a correct format.\n"
        "System.Management.Automation.RuntimeException\nAttempted to divide by zero.\n"
        "System.DivideByZeroException\nAttempted to divide by zero.\n"
        "System.Management.Automation.RuntimeException\nx\nno inner\n")


def test_after_a_catch_dollar_question_is_the_catch_blocks_outcome() -> None:
    # An empty catch leaves the caught error's False; otherwise the catch block's statements decide.
    assert run_commands('try { [int]"x" } catch { "c" }; $?', 'try { [int]"x" } catch { }; $?',
                        'try { [int]"x" } catch { Get-Item nope -ErrorAction SilentlyContinue }; $?') == \
        "c\nTrue\nFalse\nFalse\n"
