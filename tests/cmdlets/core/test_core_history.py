"""Get-History, Invoke-History and Add-History over the command lines of the session."""
from __future__ import annotations

from emshell.host.capture import run_commands


def row(text: str) -> str:
    return text.ljust(79) + "\n"


def test_the_history_table_lists_earlier_lines() -> None:
    assert run_commands("Get-History", "$x = 5", "Write-Output $x", "Get-History") == (
        "5\n\n" + row("  Id CommandLine") + row("  -- -----------") + row("   1 Get-History")
        + row("   2 $x = 5") + row("   3 Write-Output $x") + "\n\n")


def test_count_id_and_status() -> None:
    assert run_commands("1", "Get-Item nope -ErrorAction SilentlyContinue", "3",
                        "(Get-History -Count 2 | % { $_.Id }) -join ','",
                        "Get-History 2 | % { $_.ExecutionStatus }", "Get-History 99") == (
        "1\n3\n2,3\nFailed\n"
        "Get-History : Cannot locate history for Id 99.\nAt line:1 char:12\n+ Get-History  <<<< 99\n")


def test_invoke_history_shows_and_runs_the_line_and_history_keeps_that_line() -> None:
    assert run_commands("$n = 1", "$n = $n + 1", "r", "Invoke-History 2", "$n",
                        "(Get-History | % { $_.CommandLine }) -join '|'") == (
        "$n = $n + 1\n$n = $n + 1\n4\n$n = 1|$n = $n + 1|$n = $n + 1|$n = $n + 1|$n\n")


def test_invoke_history_by_the_start_of_a_line_and_with_nothing_to_run() -> None:
    assert run_commands("r") == (
        "Invoke-History : Cannot locate the most recent history.\nAt line:1 char:2\n+ r <<<< \n")
    assert run_commands("Write-Output alpha", "Write-Output beta", "r 'Write-Output a'") == \
        "alpha\nbeta\nWrite-Output alpha\nalpha\n"


def test_add_history_and_prompt_answers_stay_out() -> None:
    assert run_commands("Add-History 'Get-Date -Format yyyy'", "$c = Get-Credential",
                        "(Get-History | % { $_.CommandLine }) -join '|'",
                        answers=["EHLO\\Administrator", "Secret!1"]).splitlines()[-1] == \
        "Get-Date -Format yyyy|Add-History 'Get-Date -Format yyyy'|$c = Get-Credential"
