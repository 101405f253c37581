"""Export-Csv, Import-Csv, ConvertTo-Csv and ConvertFrom-Csv, with the exact text of the files."""
from __future__ import annotations

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
