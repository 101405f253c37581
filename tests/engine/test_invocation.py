"""$MyInvocation in functions, script blocks and script files, and an error's InvocationInfo."""
from __future__ import annotations

from emshell.host.capture import run_commands


def test_a_function_sees_its_own_name_and_where_it_was_called() -> None:
    assert run_commands(
        "function f { $i = $MyInvocation; $i.MyCommand.Name; $i.MyCommand.CommandType; $i.InvocationName; "
        "$i.Line; \"$($i.PipelinePosition) of $($i.PipelineLength)\" }",
        "1 | f",
    ) == "f\nFunction\nf\n1 | f\n2 of 2\n"


def test_a_script_file_knows_its_path() -> None:
    assert run_commands(
        "Set-Content c:\\where.ps1 '$MyInvocation.MyCommand.Path; Split-Path $MyInvocation.MyCommand.Path; "
        "$MyInvocation.MyCommand.CommandType'",
        "& c:\\where.ps1",
    ) == "C:\\where.ps1\nC:\\\nExternalScript\n"


def test_a_script_block_and_a_dot_sourced_one() -> None:
    # `. { }` runs in the caller's scope and so keeps the caller's $MyInvocation
    assert run_commands(
        "function g { & { $MyInvocation.MyCommand.CommandType; $MyInvocation.InvocationName }; "
        ". { $MyInvocation.MyCommand.Name } }",
        "g",
    ) == "Script\n&\ng\n"


def test_an_errors_invocation_info_points_at_the_command() -> None:
    assert run_commands(
        "Get-Item nope -ErrorAction SilentlyContinue",
        "$i = $error[0].InvocationInfo; $i.InvocationName; $i.ScriptLineNumber; $i.OffsetInLine; $i.PositionMessage",
    ) == "Get-Item\n1\n9\nAt line:1 char:9\n+ Get-Item  <<<< nope -ErrorAction SilentlyContinue\n"
