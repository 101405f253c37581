"""The interactive shell, driven through prompt-toolkit's pipe input: prompts, continuation, masked
secrets, and a history file that never keeps a password."""
from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from emshell.host import cli, repl


def run_repl(keys: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(repl, "_history_path", lambda: tmp_path / "history")
    options = cli.parse_args(["--fresh", "--deterministic"], {})
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text(keys)
        return repl.run_repl(options, cli.make_session, [])


def test_commands_run_continue_on_open_braces_and_exit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    code = run_repl("6 * 7\rif ($true) {\r'inside'\r}\rGet-Nothing\rexit\r", tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert code == 0
    assert "42\n" in out and "inside\n" in out
    assert "The term 'Get-Nothing' is not recognized" in out


def test_history_keeps_commands_but_not_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run_repl("Get-Date -Format yyyy\r$p = ConvertTo-SecureString 'P@ssw0rd' -AsPlainText -Force\rexit\r",
             tmp_path, monkeypatch)
    history = (tmp_path / "history").read_text(encoding="utf-8")
    assert "Get-Date -Format yyyy" in history
    assert "P@ssw0rd" not in history and "AsPlainText" not in history


def test_open_parenthesis_continues_and_an_empty_continuation_line_ends_the_input(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    run_repl("$x = (1 +\r2\r)\r$x\r$y = (3\r\rexit\r", tmp_path, monkeypatch)
    out = capsys.readouterr().out
    assert "3\n" in out
    assert "Missing closing ')' in expression.\nAt line:1 char:8\n+ $y = (3 <<<< \n" in out
