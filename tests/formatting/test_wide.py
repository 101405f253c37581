"""Format-Wide: one value per object in equal columns across the console."""
from __future__ import annotations

from emshell.host.capture import run_commands


def lines(*cells: str, width: int = 79) -> list[str]:
    return [cell.ljust(width) for cell in cells]


def test_two_columns_by_default_and_a_short_last_row() -> None:
    assert run_commands("1..3 | Format-Wide").splitlines() == [
        "", "1                                       2".ljust(79), "3".ljust(79), "", ""]


def test_column_count_and_auto_size() -> None:
    assert run_commands("1..5 | fw -Column 4").splitlines()[1:3] == [
        "1                   2                   3                   4".ljust(79), "5".ljust(79)]
    assert run_commands("'aaaa', 'bb', 'c' | fw -AutoSize").splitlines()[1] == "aaaa bb   c   ".ljust(79)


def test_folders_in_brackets_and_names_of_other_objects() -> None:
    assert run_commands("New-Item c:\\w -ItemType Directory | Out-Null", "New-Item c:\\w\\sub -ItemType Directory"
                        " | Out-Null", "Set-Content c:\\w\\a.txt x", "Get-ChildItem c:\\w | fw").splitlines()[1] == \
        "[sub]                                   a.txt".ljust(79)
    assert run_commands("Get-Service | Select-Object -First 2 | fw").splitlines()[1] == \
        "Alerter                                 ALG".ljust(79)


def test_a_named_property() -> None:
    assert run_commands("Get-Service W3SVC, certsvc -ErrorAction SilentlyContinue | fw -Property Status -Column 3"
                        ).splitlines()[1].startswith("Running")
