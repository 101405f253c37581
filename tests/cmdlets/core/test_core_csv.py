"""Export-Csv, Import-Csv, ConvertTo-Csv and ConvertFrom-Csv, with the exact text of the files."""
from __future__ import annotations

from pathlib import Path

from emshell.host.capture import run_commands


def test_export_writes_type_header_and_quoted_values() -> None:
    assert run_commands("Get-Service W3SVC | Select-Object Name, Status | Export-Csv c:\\s.csv",
                        "Get-Content c:\\s.csv") == (
        "#TYPE Selected.System.ServiceProcess.ServiceController\n\"Name\",\"Status\"\n\"W3SVC\",\"Running\"\n")


def test_quotes_collections_nulls_and_no_type_information() -> None:
    assert run_commands("$o = 'x' | Select-Object @{n='Quote'; e={'say \"hi\"'}}, @{n='List'; e={1, 2}}, "
                        "@{n='None'; e={$null}}",
                        "$o | ConvertTo-Csv -NoTypeInformation") == (
        '"Quote","List","None"\n"say ""hi""","System.Object[]",""\n')


def test_import_round_trip_with_the_csv_type_name() -> None:
    assert run_commands("Get-Service W3SVC, IISADMIN | Select-Object Name, Status | Export-Csv c:\\s.csv",
                        "$rows = Import-Csv c:\\s.csv",
                        "$rows.Count; $rows[1].Name; $rows[0].Status.GetType().FullName",
                        "($rows[0] | Get-Member -MemberType NoteProperty | % { $_.Name }) -join ','") == \
        "2\nW3SVC\nSystem.String\nName,Status\n"


def test_quoted_fields_with_delimiters_line_breaks_and_quotes() -> None:
    assert run_commands("$t = 'a,b', '\"1,5\",\"say \"\"hi\"\"\"', '\"two', 'lines\",x', '3'",
                        "$t | ConvertFrom-Csv | % { \"[$($_.a)|$($_.b)]\" }") == \
        "[1,5|say \"hi\"]\n[two\nlines|x]\n[3|]\n"


def test_header_and_delimiter() -> None:
    assert run_commands("'1;2', '3;4' | ConvertFrom-Csv -Delimiter ';' -Header x, y | % { $_.x + $_.y }") == \
        "12\n34\n"


def test_errors_missing_file_no_clobber_and_outside_the_lab() -> None:
    assert run_commands("Import-Csv c:\\nope.csv") == (
        "Import-Csv : Cannot find path 'C:\\nope.csv' because it does not exist.\n"
        "At line:1 char:11\n+ Import-Csv  <<<< c:\\nope.csv\n")
    assert run_commands("1 | Export-Csv c:\\x.csv", "2 | Export-Csv c:\\x.csv -NoClobber") == (
        "Export-Csv : File C:\\x.csv already exists and NoClobber was specified.\n"
        "At line:1 char:15\n+ 2 | Export-Csv  <<<< c:\\x.csv -NoClobber\n")
    assert "root:" not in run_commands("Import-Csv /etc/passwd", "Import-Csv ..\\..\\..\\..\\..\\etc\\passwd")


def test_imported_rows_through_select_object_as_a_table() -> None:
    assert run_commands("Get-Service IISADMIN, W3SVC | Select-Object Name, Status | "
                        "Export-Csv c:\\s.csv -NoTypeInformation",
                        "Get-Content c:\\s.csv",
                        "Import-Csv c:\\s.csv | Select-Object Status, Name") == (
        '"Name","Status"\n"IISADMIN","Running"\n"W3SVC","Running"\n\n'
        "Status                                  Name                                   \n"
        "------                                  ----                                   \n"
        "Running                                 IISADMIN                               \n"
        "Running                                 W3SVC                                  \n\n\n")


def test_lenient_fields_as_powershell_reads_them() -> None:
    """Leading blanks skipped, a quote inside a bare field kept, text after a closing quote kept."""
    assert run_commands("'a,b,c', '  x , \"q\"  ,z', 'x\"y,z', '\"a\" b,\"c\"\"d\"'",
                        "'#Type  Lab.Row ', 'a,b,c', '  x , \"q\"  ,z', 'x\"y,z', '\"a\" b,\"c\"\"d\"' | "
                        "ConvertFrom-Csv | % { \"[$($_.a)|$($_.b)|$($_.c -eq $null)]\" }",
                        "'#Type  Lab.Row ', 'a', '1' | ConvertFrom-Csv | Get-Member a") == (
        'a,b,c\n  x , "q"  ,z\nx"y,z\n"a" b,"c""d"\n'
        "[x |q|False]\n[x\"y|z|True]\n[a b|c\"d|True]\n\n\n"
        "   TypeName: CSV:Lab.Row\n\n"
        "Name MemberType   Definition       \n"
        "---- ----------   ----------       \n"
        "a    NoteProperty System.String a=1\n\n\n")


def test_paths_outside_the_lab_are_refused() -> None:
    escape = Path("/tmp/emshell_csv_escape.csv")
    assert run_commands("1 | Export-Csv ..\\..\\..\\..\\tmp\\emshell_csv_escape.csv",
                        "1 | Export-Csv /tmp/emshell_csv_escape.csv",
                        "Import-Csv /etc/passwd") == (
        "Export-Csv : Could not find a part of the path 'C:\\tmp\\emshell_csv_escape.csv'.\n"
        "At line:1 char:15\n+ 1 | Export-Csv  <<<< ..\\..\\..\\..\\tmp\\emshell_csv_escape.csv\n"
        "Export-Csv : Could not find a part of the path 'C:\\tmp\\emshell_csv_escape.csv'.\n"
        "At line:1 char:15\n+ 1 | Export-Csv  <<<< /tmp/emshell_csv_escape.csv\n"
        "Import-Csv : Cannot find path 'C:\\etc\\passwd' because it does not exist.\n"
        "At line:1 char:11\n+ Import-Csv  <<<< /etc/passwd\n")
    assert not escape.exists()
