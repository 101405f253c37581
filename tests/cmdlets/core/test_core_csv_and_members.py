"""Export-Csv / Import-Csv / ConvertTo-Csv / ConvertFrom-Csv and Add-Member, as the console shows them."""
from __future__ import annotations

from emshell.host.capture import run_commands

CERT_COLUMNS = "Get-ExchangeCertificate | Select-Object Thumbprint, Services, NotAfter, CertificateDomains"
THUMBPRINT = "03FE00D073D333D6CC566DC4BCB21964DD6F1024"


# -- CSV -----------------------------------------------------------------------------------------------------
def test_export_csv_of_selected_certificates_writes_type_header_and_quoted_values() -> None:
    assert run_commands(CERT_COLUMNS + " | Export-Csv c:\\certs.csv", "Get-Content c:\\certs.csv") == (
        "#TYPE Selected.Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate\n"
        '"Thumbprint","Services","NotAfter","CertificateDomains"\n'
        f'"{THUMBPRINT}","IMAP, POP, IIS, SMTP","3/18/2009 10:15:32 AM","System.Object[]"\n')


def test_import_csv_round_trip_gives_strings_and_the_csv_type_name() -> None:
    assert run_commands(CERT_COLUMNS + " | epcsv c:\\certs.csv", "$rows = ipcsv c:\\certs.csv",
                        "$rows | Get-Member -MemberType NoteProperty",
                        "$rows | ForEach-Object { $_.NotAfter.GetType().FullName + ' ' + $_.Services }",
                        "Import-Csv c:\\certs.csv | Where-Object { $_.Services -like '*IIS*' } | "
                        "ForEach-Object { $_.Thumbprint }") == (
        "\n\n   TypeName: CSV:Selected.Microsoft.Exchange.Management.SystemConfigurationTask\n"
        "s.ExchangeCertificate\n\n"
        "Name               MemberType   Definition                                     \n"
        "----               ----------   ----------                                     \n"
        "CertificateDomains NoteProperty System.String CertificateDomains=System.Obje...\n"
        "NotAfter           NoteProperty System.String NotAfter=3/18/2009 10:15:32 AM   \n"
        "Services           NoteProperty System.String Services=IMAP, POP, IIS, SMTP    \n"
        "Thumbprint         NoteProperty System.String Thumbprint=03FE00D073D333D6CC5...\n\n\n"
        "System.String IMAP, POP, IIS, SMTP\n"
        f"{THUMBPRINT}\n")


def test_quoting_nulls_collections_and_no_type_information() -> None:
    assert run_commands("$o = New-Object PSObject",
                        "$o | Add-Member NoteProperty Text 'say \"hi\", then\nleave'",
                        "$o | Add-Member NoteProperty Empty $null",
                        "$o | Add-Member NoteProperty List @(1, 2)",
                        "$o | Export-Csv c:\\q.csv -NoTypeInformation",
                        "Get-Content c:\\q.csv",
                        "$back = Import-Csv c:\\q.csv",
                        "$back.Text; $back.Empty.Length; $back.List") == (
        '"Text","Empty","List"\n"say ""hi"", then\nleave","","System.Object[]"\n'
        'say "hi", then\nleave\n0\nSystem.Object[]\n')


def test_convert_to_and_from_csv_with_delimiter_header_and_missing_fields() -> None:
    assert run_commands("Get-Service W3SVC | Select-Object Name, Status | ConvertTo-Csv -Delimiter ';'",
                        "'1;2;3', '4' | ConvertFrom-Csv -Delimiter ';' -Header a, b, c | "
                        "ForEach-Object { \"[$($_.a)][$($_.b)][$($_.c -eq $null)]\" }") == (
        '#TYPE Selected.System.ServiceProcess.ServiceController\n"Name";"Status"\n"W3SVC";"Running"\n'
        "[1][2][False]\n[4][][True]\n")


def test_delimiter_is_one_character_and_use_culture_is_a_comma() -> None:
    assert run_commands("'x' | Select-Object Length | ConvertTo-Csv -Delimiter ';;'",
                        "'x' | Select-Object Length | ConvertTo-Csv -UseCulture -NoTypeInformation") == (
        "ConvertTo-Csv : Cannot bind parameter 'Delimiter'. Cannot convert value \";;\" to\n"
        ' type "System.Char". Error: "String must be exactly one character long."\n'
        "At line:1 char:54\n+ 'x' | Select-Object Length | ConvertTo-Csv -Delimiter  <<<< ';;'\n"
        '"Length"\n"1"\n')


def test_what_if_writes_nothing_and_a_repeated_column_is_an_error() -> None:
    assert run_commands("Get-Service W3SVC | Export-Csv c:\\w.csv -WhatIf", "Test-Path c:\\w.csv",
                        "'Name,name', '1,2' | ConvertFrom-Csv") == (
        'What if: Performing operation "Export-Csv" on Target "c:\\w.csv".\nFalse\n'
        'ConvertFrom-Csv : The member "name" is already present.\n'
        "At line:1 char:37\n+ 'Name,name', '1,2' | ConvertFrom-Csv <<<< \n")


def test_missing_file_and_paths_outside_the_lab() -> None:
    assert run_commands("Import-Csv c:\\missing.csv",
                        "Get-Service W3SVC | Export-Csv /etc/evil.csv",
                        "Get-Service W3SVC | Export-Csv \\\\evil\\share\\x.csv",
                        "Import-Csv ..\\..\\..\\..\\..\\etc\\passwd") == (
        "Import-Csv : Cannot find path 'C:\\missing.csv' because it does not exist.\n"
        "At line:1 char:11\n+ Import-Csv  <<<< c:\\missing.csv\n"
        "Export-Csv : Could not find a part of the path 'C:\\etc\\evil.csv'.\n"
        "At line:1 char:31\n+ Get-Service W3SVC | Export-Csv  <<<< /etc/evil.csv\n"
        "Export-Csv : The network path was not found.\n"
        "At line:1 char:31\n+ Get-Service W3SVC | Export-Csv  <<<< \\\\evil\\share\\x.csv\n"
        "Import-Csv : Cannot find path 'C:\\etc\\passwd' because it does not exist.\n"
        "At line:1 char:11\n+ Import-Csv  <<<< ..\\..\\..\\..\\..\\etc\\passwd\n")


# -- Add-Member ----------------------------------------------------------------------------------------------
SERVER = ("$s = New-Object PSObject",
          "$s | Add-Member NoteProperty Name CAS01",
          "$s | Add-Member NoteProperty Priority 1",
          "$s | Add-Member AliasProperty ComputerName Name",
          "$s | Add-Member AliasProperty Rank Priority ([string])",
          "$s | Add-Member ScriptProperty Fqdn { $this.Name.ToLower() + '.ehlo.dk' } "
          "{ $this.Name = $args[0].Split('.')[0].ToUpper() }",
          "$s | Add-Member ScriptMethod Describe { param($role) \"$($this.Name) ($role)\" }")


def test_each_member_type_in_property_access_and_format_list() -> None:
    assert run_commands(*SERVER, "$s.ComputerName; $s.Rank.GetType().Name; $s.Fqdn; $s.Describe('CAS')",
                        "$s.Fqdn = 'cas02.ehlo.dk'; $s.Name; $s.ComputerName = 'MBX01'; $s.Name",
                        "$s | Format-List") == (
        "CAS01\nString\ncas01.ehlo.dk\nCAS01 (CAS)\nCAS02\nMBX01\n"
        "\n\nName         : MBX01\nPriority     : 1\nComputerName : MBX01\nRank         : 1\n"
        "Fqdn         : mbx01.ehlo.dk\n\n\n\n")


def test_added_members_in_get_member_format_table_and_export_csv() -> None:
    assert run_commands(*SERVER, "$s | Get-Member", "$s | Format-Table -AutoSize",
                        "$s | ConvertTo-Csv -NoTypeInformation") == (
        "\n\n   TypeName: System.Management.Automation.PSCustomObject\n\n"
        "Name         MemberType     Definition                                         \n"
        "----         ----------     ----------                                         \n"
        "ComputerName AliasProperty  ComputerName = Name                                \n"
        "Rank         AliasProperty  Rank = (System.String)Priority                     \n"
        "Equals       Method         System.Boolean Equals(Object obj)                  \n"
        "GetHashCode  Method         System.Int32 GetHashCode()                         \n"
        "GetType      Method         System.Type GetType()                              \n"
        "ToString     Method         System.String ToString()                           \n"
        "Name         NoteProperty   System.String Name=CAS01                           \n"
        "Priority     NoteProperty   System.Int32 Priority=1                            \n"
        "Describe     ScriptMethod   System.Object Describe();                          \n"
        "Fqdn         ScriptProperty System.Object Fqdn {get= $this.Name.ToLower() + ...\n"
        "\n\n\n"
        "Name  Priority ComputerName Rank Fqdn         \n"
        "----  -------- ------------ ---- ----         \n"
        "CAS01        1 CAS01        1    cas01.ehlo.dk\n\n\n"
        '"Name","Priority","ComputerName","Rank","Fqdn"\n"CAS01","1","CAS01","1","cas01.ehlo.dk"\n')


def test_pass_thru_on_a_certificate_and_force_replaces_an_added_member() -> None:
    assert run_commands("$c = Get-ExchangeCertificate | Add-Member ScriptProperty Days "
                        "{ ($this.NotAfter - $this.NotBefore).Days } -PassThru",
                        "$c | Format-Table Thumbprint, Days -AutoSize",
                        "$c | Add-Member NoteProperty Days 0 -Force", "$c.Days",
                        "$c | Add-Member ScriptMethod Days { 'm' } -Force", "$c.Days()") == (
        f"\nThumbprint                               Days\n----------                               ----\n"
        f"{THUMBPRINT}  365\n\n\n0\nm\n")


def test_duplicate_names_without_force_and_core_members_even_with_force() -> None:
    assert run_commands(*SERVER[:2], "$s | Add-Member NoteProperty name X",
                        "Get-Service W3SVC | Add-Member NoteProperty Status Gone -Force") == (
        'Add-Member : Cannot add a member with the name "name" because a member with tha\n'
        "t name already exists. If you want to overwrite the member anyway, use the Forc\n"
        "e parameter to overwrite it.\nAt line:1 char:16\n+ $s | Add-Member  <<<< NoteProperty name X\n"
        'Add-Member : Cannot add a member with the name "Status" because a member with t\n'
        "hat name already exists. If you want to overwrite the member anyway, use the Fo\n"
        "rce parameter to overwrite it.\nAt line:1 char:31\n"
        "+ Get-Service W3SVC | Add-Member  <<<< NoteProperty Status Gone -Force\n")


def test_member_type_and_value_errors() -> None:
    assert run_commands(*SERVER[:1], "$s | Add-Member Method m 1", "$s | Add-Member NoteProperty, ScriptMethod m 1",
                        "$s | Add-Member CodeMethod m 1", "$s | Add-Member NoteProperty n 1 2",
                        "$s | Add-Member AliasProperty a", "$s | Add-Member ScriptMethod m 'text'",
                        "'text' | Add-Member NoteProperty n 1") == (
        'Add-Member : Cannot add a member with type "Method". Specify a different type f\n'
        "or the MemberTypes parameter.\nAt line:1 char:16\n+ $s | Add-Member  <<<< Method m 1\n"
        "Add-Member : To add a member, only one member type can be specified. The member\n"
        ' types specified are: "NoteProperty, ScriptMethod"\nAt line:1 char:16\n'
        "+ $s | Add-Member  <<<< NoteProperty, ScriptMethod m 1\n"
        'Add-Member : emshell cannot add a member of type "CodeMethod"; it adds NoteProp\n'
        "erty, AliasProperty, ScriptProperty and ScriptMethod members.\nAt line:1 char:16\n"
        "+ $s | Add-Member  <<<< CodeMethod m 1\n"
        'Add-Member : The SecondValue parameter is not necessary for a member of type "N\n'
        "oteProperty\", and should not be specified. Do not specify the SecondValue param\n"
        "eter when you add members of this type.\nAt line:1 char:16\n+ $s | Add-Member  <<<< NoteProperty n 1 2\n"
        'Add-Member : The Value parameter is required for a member of type "AliasPropert\n'
        'y". Specify the Value parameter when adding members of this type.\nAt line:1 char:16\n'
        "+ $s | Add-Member  <<<< AliasProperty a\n"
        'Add-Member : Cannot convert the "text" value of type "System.String" to type "S\n'
        'ystem.Management.Automation.ScriptBlock".\nAt line:1 char:16\n'
        "+ $s | Add-Member  <<<< ScriptMethod m 'text'\n"
        'Add-Member : emshell cannot add members to a value of type "System.String"; add\n'
        " them to an object (New-Object PSObject, Select-Object output or a cmdlet's out\n"
        "put).\nAt line:1 char:20\n+ 'text' | Add-Member  <<<< NoteProperty n 1\n")


def test_failing_script_members_report_dotnet_wrapped_errors() -> None:
    assert run_commands(*SERVER[:1], "$s | Add-Member ScriptProperty Bad { throw 'boom' }",
                        "$s | Add-Member ScriptProperty ReadOnly { 1 }",
                        "$s | Add-Member ScriptMethod Fail { throw 'failed' }",
                        "$s.Bad", "$s.ReadOnly = 2", "$s.Fail()", "$s | Format-List",
                        "$s | ConvertTo-Csv -NoTypeInformation", "($s | Select-Object Bad).Bad -eq $null") == (
        'Exception getting "Bad": "boom"\nAt line:1 char:1\n+  <<<< $s.Bad\n'
        'Set accessor for property "ReadOnly" is unavailable.\nAt line:1 char:1\n+  <<<< $s.ReadOnly = 2\n'
        'Exception calling "Fail" with "0" argument(s): "failed"\nAt line:1 char:8\n+ $s.Fail( <<<< )\n'
        "\n\nBad      : \nReadOnly : 1\n\n\n\n"
        '"Bad","ReadOnly"\n"","1"\nTrue\n')
