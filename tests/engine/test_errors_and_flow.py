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
