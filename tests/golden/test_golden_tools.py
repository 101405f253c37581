"""The golden-test tools themselves: failures show a diff, --update repairs, Start-Transcript replays."""
from __future__ import annotations

import shutil
from pathlib import Path

from emshell.engine.session import Session
from emshell.host import golden
from emshell.host.capture import CaptureHost
from emshell.lab import manage

HERE = Path(__file__).parent
BASICS = HERE / "engine" / "basics.transcript"


def test_altered_expected_line_fails_with_a_diff_and_update_repairs_it(tmp_path: Path) -> None:
    copy = tmp_path / "basics.transcript"
    text = BASICS.read_text(encoding="utf-8")
    copy.write_text(text.replace("\n8\n", "\n9\n"), encoding="utf-8")
    result = golden.run_path(copy)
    assert not result.passed
    assert "-9\n+8\n" in result.diff
    assert golden.run_path(copy, update=True).passed is False
    assert copy.read_text(encoding="utf-8") == text
    assert golden.run_path(copy).passed


def test_prompts_are_answered_from_the_transcript(tmp_path: Path) -> None:
    path = tmp_path / "prompts.transcript"
    path.write_text(
        "PS> $c = Get-Credential\n"
        "\n"
        "cmdlet Get-Credential at command pipeline position 1\n"
        "Supply values for the following parameters:\n"
        "User: EHLO\\admin\n"
        "Password for user EHLO\\admin: ********\n"
        "PS> $c.GetNetworkCredential().Password; Read-Host 'Name'\n"
        "P@ssw0rd\n"
        "Name: bob\n"
        "bob\n"
        "PS> 'id ' + [guid]::NewGuid()\n"
        "id {{[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}}}\n", encoding="utf-8")
    result = golden.run_path(path)
    assert result.passed, result.diff


def test_prompt_lines_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "prompt.transcript"
    path.write_text("[PS] C:\\Wrong>1\n1\n", encoding="utf-8")
    result = golden.run_path(path)
    assert not result.passed
    assert "+[PS] C:\\Documents and Settings\\Administrator>1" in result.diff


def test_start_transcript_recording_replays_green(tmp_path: Path) -> None:
    with manage.fresh_lab(deterministic=True) as lab:
        host = CaptureHost(answers=["EHLO\\admin", "secret12"])
        session = Session(host, lambda: lab)
        for command in ("Start-Transcript c:\\session.transcript", "$c = Get-Credential",
                        "$c.UserName", "1..3 | % { $_ * 2 }\n", "Get-Nothing", "Stop-Transcript"):
            session.execute(command)
        session.close()
        recorded = (lab.drives_root / "CAS01" / "C" / "session.transcript").read_text(encoding="utf-8")
    path = tmp_path / "session.transcript"
    path.write_text(recorded, encoding="utf-8")
    assert recorded.startswith("# Recorded by Start-Transcript")
    assert "Stop-Transcript" not in recorded
    result = golden.run_path(path)
    assert result.passed, result.diff


def test_script_pairs(tmp_path: Path) -> None:
    script = tmp_path / "hello.ps1"
    script.write_text("# emshell: exit=3\n'hello'\nexit 3\n", encoding="utf-8")
    (tmp_path / "hello.ps1.out").write_text("hello\n", encoding="utf-8")
    assert golden.run_path(script).passed
    shutil.copy(script, tmp_path / "bad.ps1")
    (tmp_path / "bad.ps1.out").write_text("bye\n", encoding="utf-8")
    result = golden.run_path(tmp_path / "bad.ps1")
    assert not result.passed and "-bye\n+hello\n" in result.diff
