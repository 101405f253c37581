"""Add-Member: note, alias and script properties, script methods, -Force, -PassThru and its errors."""
from __future__ import annotations

from emshell.host.capture import run_commands

SETUP = ("$o = New-Object PSObject", "$o | Add-Member NoteProperty Name CAS01",
         "$o | Add-Member -MemberType ScriptProperty -Name Upper -Value { $this.Name.ToUpper() + '!' } "
         "-SecondValue { $this.Name = $args[0].ToLower() }",
         "$o | Add-Member AliasProperty Server Name",
         "$o | Add-Member ScriptMethod Greet { param($who) \"hi $who from \" + $this.Name }")


def test_each_member_type_reads_and_writes() -> None:
    assert run_commands(*SETUP, "$o.Upper; $o.Greet('bob'); $o.Server", "$o.Server = 'CAS02'; $o.Name",
                        "$o.Upper = 'MBX01'; $o.Name") == "CAS01!\nhi bob from CAS01\nCAS01\nCAS02\nmbx01\n"


def test_added_members_show_in_tables_and_get_member() -> None:
    assert run_commands(*SETUP, "$o | Format-Table -AutoSize",
                        "$o | Get-Member -MemberType AliasProperty, ScriptProperty, ScriptMethod | "
                        "% { \"$($_.MemberType) $($_.Definition)\" }") == (
        "\nName  Upper  Server\n----  -----  ------\nCAS01 CAS01! CAS01 \n\n\n"
        "AliasProperty Server = Name\nScriptMethod System.Object Greet();\n"
        "ScriptProperty System.Object Upper {get= $this.Name.ToUpper() + '!' ;set= $this.Name = "
        "$args[0].ToLower() ;}\n")


def test_force_and_pass_thru() -> None:
    assert run_commands(*SETUP[:2], "($o | Add-Member NoteProperty Name MBX01 -Force -PassThru).Name") == "MBX01\n"


def test_errors() -> None:
    assert run_commands(*SETUP[:2], "$o | Add-Member NoteProperty name X", "$o | Add-Member Method m 1",
                        "$o | Add-Member ScriptProperty p 'text'") == (
        'Add-Member : Cannot add a member with the name "name" because a member with tha\n'
        "t name already exists. If you want to overwrite the member anyway, use the Forc\n"
        "e parameter to overwrite it.\nAt line:1 char:16\n+ $o | Add-Member  <<<< NoteProperty name X\n"
        'Add-Member : Cannot add a member with type "Method". Specify a different type f\n'
        "or the MemberTypes parameter.\nAt line:1 char:16\n+ $o | Add-Member  <<<< Method m 1\n"
        'Add-Member : Cannot convert the "text" value of type "System.String" to type "S\n'
        'ystem.Management.Automation.ScriptBlock".\nAt line:1 char:16\n'
        "+ $o | Add-Member  <<<< ScriptProperty p 'text'\n")
