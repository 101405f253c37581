"""Get-Content, Set-Content, Add-Content and Out-File: encodings, bytes, chunks and errors."""
from __future__ import annotations

from fs_shell import shell


def test_out_file_writes_unicode_that_get_content_reads() -> None:
    with shell() as sh:
        assert sh('cd c:\\', '"line1","line2" | Out-File c:\\u.txt', "Get-Content u.txt",
                  "Get-Content u.txt -Encoding Byte -TotalCount 4") == "line1\nline2\n255\n254\n108\n0\n"
        assert (sh.drive() / "u.txt").read_bytes() == "\ufeffline1\r\nline2\r\n".encode("utf-16-le")
        # PowerShell 1.0's Add-Content writes ANSI whatever the file holds: the classic garbled line
        assert sh('Add-Content u.txt "ok"', "Get-Content u.txt") == "line1\nline2\n\u6b6f\u0a0d\n"


def test_set_and_add_content_write_ansi_lines() -> None:
    with shell() as sh:
        assert sh('Set-Content c:\\names.txt "mail.ehlo.dk","autodiscover.ehlo.dk"',
                  "Add-Content c:\\names.txt cas01.ehlo.dk -PassThru", "type c:\\names.txt") == (
            "cas01.ehlo.dk\nmail.ehlo.dk\nautodiscover.ehlo.dk\ncas01.ehlo.dk\n")
        assert (sh.drive() / "names.txt").read_bytes() == b"mail.ehlo.dk\r\nautodiscover.ehlo.dk\r\ncas01.ehlo.dk\r\n"
        assert sh('Set-Content c:\\names.txt "caf\u00e9"', "(Get-Item c:\\names.txt).Length",
                  'Set-Content c:\\names.txt "caf\u00e9" -Encoding Ascii', "gc c:\\names.txt",
                  'Set-Content c:\\names.txt "caf\u00e9" -Encoding UTF8', "gc c:\\names.txt",
                  "(gc c:\\names.txt -Encoding Byte)[0..2]") == "6\ncaf?\ncaf\u00e9\n239\n187\n191\n"


def test_set_content_with_an_empty_value_empties_the_file() -> None:
    # Value is [AllowNull][AllowEmptyString][AllowEmptyCollection]: the idiom that clears a file
    with shell() as sh:
        assert sh("Set-Content c:\\a.txt -Value ''", "Set-Content c:\\b.txt -Value $null",
                  "Set-Content c:\\c.txt @()", "Add-Content c:\\c.txt $null",
                  "Get-ChildItem c:\\?.txt | ForEach-Object { $_.Length }") == "2\n0\n0\n"
        assert (sh.drive() / "a.txt").read_bytes() == b"\r\n"


def test_pipeline_input_and_chunks() -> None:
    with shell() as sh:
        assert sh("1..5 | Set-Content c:\\n.txt",
                  'Get-Content c:\\n.txt -ReadCount 2 | ForEach-Object { $_ -join "+" }',
                  "Get-Content c:\\n.txt -TotalCount 3 -ReadCount 0 | ForEach-Object { $_.Count }",
                  "Get-ChildItem c:\\n.txt | Get-Content -TotalCount 1") == "1+2\n3+4\n5\n3\n1\n"


def test_byte_encoding_round_trip() -> None:
    with shell() as sh:
        assert sh("Set-Content c:\\a.bin -Value 0,1,255 -Encoding Byte",
                  "$b = Get-Content c:\\a.bin -Encoding Byte -ReadCount 0", "$b.Count", "$b[2]",
                  "Set-Content c:\\b.bin $b -Encoding Byte", "(Get-Item c:\\b.bin).Length") == "3\n255\n3\n"
        assert (sh.drive() / "b.bin").read_bytes() == b"\x00\x01\xff"
        assert sh("Set-Content c:\\a.bin -Value 256 -Encoding Byte") == (
            'Set-Content : Cannot convert value "256" to type "System.Byte". Error: "Value w\n'
            'as either too large or too small for an unsigned byte."\n'
            "At line:1 char:12\n"
            "+ Set-Content  <<<< c:\\a.bin -Value 256 -Encoding Byte\n")


def test_errors_name_the_full_path_and_go_on() -> None:
    with shell() as sh:
        sh('Set-Content c:\\u.txt "here"')
        assert sh("cd c:\\WINDOWS", "Get-Content nope.txt, c:\\u.txt", "Get-Content c:\\WINDOWS",
                  "Set-Content c:\\no\\x.txt 1") == (
            "Get-Content : Cannot find path 'C:\\WINDOWS\\nope.txt' because it does not exist.\n"
            "At line:1 char:12\n"
            "+ Get-Content  <<<< nope.txt, c:\\u.txt\n"
            "here\n"
            "Get-Content : Access to the path 'C:\\WINDOWS' is denied.\n"
            "At line:1 char:12\n"
            "+ Get-Content  <<<< c:\\WINDOWS\n"
            "Set-Content : Could not find a part of the path 'C:\\no\\x.txt'.\n"
            "At line:1 char:12\n"
            "+ Set-Content  <<<< c:\\no\\x.txt 1\n")
        assert sh("Get-Content c:\\nope.txt -ErrorAction SilentlyContinue", "$?",
                  "$Error[0].FullyQualifiedErrorId") == (
            "False\nPathNotFound,Microsoft.PowerShell.Commands.GetContentCommand\n")


def test_out_file_options() -> None:
    with shell() as sh:
        assert sh('"x" | Out-File c:\\o.txt -WhatIf', "Test-Path c:\\o.txt",
                  '"one" | Out-File c:\\o.txt -Encoding ascii', '"two" | Out-File c:\\o.txt -Append -Encoding ascii',
                  "Get-Content c:\\o.txt", '"x" | Out-File c:\\o.txt -NoClobber') == (
            'What if: Performing operation "Output to File" on Target "C:\\o.txt".\n'
            "False\n"
            "one\ntwo\n"
            "Out-File : File C:\\o.txt already exists and NoClobber was specified.\n"
            "At line:1 char:15\n"
            '+ "x" | Out-File  <<<< c:\\o.txt -NoClobber\n')
        assert (sh.drive() / "o.txt").read_bytes() == b"one\r\ntwo\r\n"
