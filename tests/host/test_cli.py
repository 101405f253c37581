"""The CLI contract of DESIGN.md: -Command, scripts, stdin, exit status, usage errors, lab management."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def emshell(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "emshell", *args], input=stdin, capture_output=True, text=True,
                          encoding="utf-8", env=environment, timeout=120)


def test_command_prints_and_succeeds() -> None:
    run = emshell("--fresh", "-Command", "1 + 1; 'ehlo'")
    assert (run.returncode, run.stdout, run.stderr) == (0, "2\nehlo\n", "")


def test_a_failed_last_statement_exits_1_with_the_error_on_stderr() -> None:
    run = emshell("--fresh", "-c", "Get-Nothing")
    assert run.returncode == 1
    assert run.stdout == ""
    assert run.stderr.startswith("The term 'Get-Nothing' is not recognized as a cmdlet")


def test_exit_code_and_script_arguments(tmp_path: Path) -> None:
    script = tmp_path / "args.ps1"
    script.write_text('param($name)\n"hello $name"\nexit 3\n', encoding="utf-8")
    run = emshell("--fresh", str(script), "CAS02")
    assert (run.returncode, run.stdout) == (3, "hello CAS02\n")


def test_commands_from_piped_stdin() -> None:
    run = emshell("--fresh", "--computer", "DC01", "-Command", "-", stdin="$x = 6\n$x * 7\n$env:COMPUTERNAME\n")
    assert (run.returncode, run.stdout) == (0, "42\nDC01\n")


def test_width_option_wraps_errors() -> None:
    run = emshell("--fresh", "--width", "40", "-c", "Get-Nothing")
    assert run.stderr.splitlines()[0] == "The term 'Get-Nothing' is not recognize"


def test_non_interactive_prompts_fail_as_the_command_that_asked() -> None:
    run = emshell("--fresh", "-NonInteractive", "-Command", "Read-Host 'Name'; $c = Get-Credential")
    assert run.returncode == 1
    assert run.stderr == (
        "Read-Host : Windows PowerShell is in NonInteractive mode. Read and Prompt funct\n"
        "ionality is not available.\n"
        "At line:1 char:10\n"
        "+ Read-Host  <<<< 'Name'; $c = Get-Credential\n"
        "Get-Credential : Cannot process command because of one or more missing mandator\n"
        "y parameters: Credential.\n"
        "At line:1 char:38\n"
        "+ Read-Host 'Name'; $c = Get-Credential <<<< \n"
    )


@pytest.mark.parametrize("args", [("--width",), ("--frobnicate",), ("--width", "wide", "-c", "1")])
def test_usage_errors_exit_2(args: tuple[str, ...]) -> None:
    run = emshell(*args)
    assert run.returncode == 2
    assert run.stderr.startswith("emshell: ") and "usage:" in run.stderr


def test_a_missing_script_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    run = emshell("--fresh", str(tmp_path / "nowhere.ps1"))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "nowhere.ps1' could not be read" in run.stderr.replace("\n", "")


def test_random_bytes_as_a_script_give_parse_errors_only(tmp_path: Path) -> None:
    script = tmp_path / "noise.ps1"
    script.write_bytes(bytes(range(256)) * 3)
    run = emshell("--fresh", str(script))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and run.stderr


def test_a_persistent_lab_keeps_its_state_until_reset(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    first = emshell("--lab", str(lab), "--deterministic", "-c", "Set-Content c:\\note.txt kept")
    assert first.returncode == 0, first.stderr
    assert emshell("--lab", str(lab), "-c", "Get-Content c:\\note.txt").stdout == "kept\n"
    assert emshell("--lab", str(lab), "-c", "Get-Content c:\\note.txt", env={"EMSHELL_LAB": ""}).stdout == "kept\n"
    info = emshell("lab", "info", "--lab", str(lab))
    assert info.returncode == 0 and "ehlo" in info.stdout
    assert emshell("lab", "reset", "--lab", str(lab)).returncode == 0
    again = emshell("--lab", str(lab), "-c", "Test-Path c:\\note.txt")
    assert again.stdout == "False\n"


def test_debug_reaches_script_and_command_sessions() -> None:
    from emshell.host import cli
    from emshell.host.capture import CaptureHost

    options = cli.parse_args(["--fresh", "--debug", "-c", "1"], {})
    assert cli.make_session(options, CaptureHost(), []).debug is True


def test_a_character_the_console_cannot_encode_prints_as_a_question_mark() -> None:
    run = emshell("--fresh", "-c", '[char]0xD800; "a$([char]0xDC00)b"')
    assert (run.returncode, run.stdout, run.stderr) == (0, "?\na?b\n", "")
