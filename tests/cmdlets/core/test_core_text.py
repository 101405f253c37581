"""Select-String and Get-Unique, with exact console text."""
from __future__ import annotations

from emshell.host.capture import run_commands

FILE = 'Set-Content c:\\notes.txt "alpha", "Beta", "gamma beta"'


def test_matches_in_a_file_are_path_line_and_text() -> None:
    assert run_commands(FILE, "Select-String -Path c:\\notes.txt -Pattern beta") == \
        "\nC:\\notes.txt:2:Beta\nC:\\notes.txt:3:gamma beta\n\n\n"


def test_case_simple_match_list_and_quiet() -> None:
    assert run_commands(FILE, "Select-String beta c:\\notes.txt -CaseSensitive | % { $_.LineNumber }",
                        "Select-String '.' c:\\notes.txt -SimpleMatch -Quiet",
                        "Select-String a c:\\notes.txt -Quiet", "Select-String a c:\\notes.txt -List | % { $_.Line }") \
        == "3\nFalse\nTrue\nalpha\n"


def test_piped_strings_show_only_the_line_and_files_piped_are_searched() -> None:
    assert run_commands(FILE, '"x", "hello", "world" | Select-String o | % { "$_|$($_.Path)|$($_.LineNumber)" }',
                        "Get-ChildItem c:\\notes.txt | Select-String gamma | % { $_.Filename }") == \
        "hello|InputStream|2\nworld|InputStream|3\nnotes.txt\n"


def test_a_match_info_in_a_list() -> None:
    assert run_commands(FILE, "Select-String alpha c:\\notes.txt | Format-List") == (
        "\n\nIgnoreCase : True\nLineNumber : 1\nLine       : alpha\nFilename   : notes.txt\n"
        "Path       : C:\\notes.txt\nPattern    : alpha\n\n\n\n")


def test_errors_a_missing_file_and_a_bad_pattern() -> None:
    assert run_commands("Select-String x c:\\nope.txt", "Select-String '(' c:\\nope.txt") == (
        "Select-String : Cannot find path 'C:\\nope.txt' because it does not exist.\n"
        "At line:1 char:14\n+ Select-String  <<<< x c:\\nope.txt\n"
        "Select-String : parsing \"(\" - Not enough )'s.\n"
        "At line:1 char:14\n+ Select-String  <<<< '(' c:\\nope.txt\n")


def test_a_path_outside_the_lab_is_refused() -> None:
    assert "Traceback" not in run_commands("Select-String root ..\\..\\..\\..\\etc\\passwd")
    assert "root:" not in run_commands("Select-String root /etc/passwd")


def test_get_unique_drops_repeats_in_a_row() -> None:
    assert run_commands("1, 1, 2, 2, 1 | Get-Unique", '"a", "A", "a", "a" | gu',
                        "1, 'x', 2, 'y' | Get-Unique -OnType") == "1\n2\n1\na\nA\na\n1\nx\n2\ny\n"
