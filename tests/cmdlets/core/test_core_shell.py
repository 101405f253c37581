"""Shell cmdlets (issue 2): Get-Command, Get-Help, aliases, variables, Get-Date, Start-Sleep, Invoke-Expression."""
from __future__ import annotations

from emshell.host.capture import captured_session, run_commands


def row(text: str) -> str:
    return text.ljust(79) + "\n"


def test_get_command_measure_counts_the_cmdlets_of_the_command_table() -> None:
    with captured_session() as (session, host):
        session.execute("Get-Command | Measure-Object")
        count = len(session.commands.all_cmdlets())
    assert count > 40
    assert host.text == (
        "\n\n"
        f"Count    : {count}\n"
        "Average  : \n"
        "Sum      : \n"
        "Maximum  : \n"
        "Minimum  : \n"
        "Property : \n"
        "\n\n\n"
    )


def test_get_command_table_syntax_and_errors() -> None:
    assert run_commands(
        "Get-Command Start-Sleep, sleep",
        "Get-Command Start-Sleep -Syntax",
        "Get-Command -Verb Clear -Noun *Var*",
        "gcm nothing-here",
    ) == (
        "\n"
        + row("CommandType     Name                            Definition")
        + row("-----------     ----                            ----------")
        + row("Cmdlet          Start-Sleep                     Start-Sleep [-Seconds] <Int3...")
        + row("Alias           sleep                           Start-Sleep")
        + "\n\n"
        "Start-Sleep [-Seconds] <Int32> [-Verbose] [-Debug] [-ErrorAction <ActionPreference>] [-ErrorVariable "
        "<String>] [-OutVariable <String>] [-OutBuffer <Int32>]\n"
        "Start-Sleep -Milliseconds <Int32> [-Verbose] [-Debug] [-ErrorAction <ActionPreference>] [-ErrorVariable "
        "<String>] [-OutVariable <String>] [-OutBuffer <Int32>]\n"
        "\n"
        "\n"
        + row("CommandType     Name                            Definition")
        + row("-----------     ----                            ----------")
        + row("Cmdlet          Clear-Variable                  Clear-Variable [-Name] <Stri...")
        + "\n\n"
        # The prefix names the cmdlet, not the alias it was called by (2.0 evidence, §D5).
        "Get-Command : The term 'nothing-here' is not recognized as a cmdlet, function, \n"
        "operable program, or script file. Verify the term and try again.\n"
        "At line:1 char:4\n"
        "+ gcm  <<<< nothing-here\n"
    )


def test_get_command_finds_programs_and_functions() -> None:
    assert run_commands("function Get-Thing { 'thing' }; Get-Command certutil, Get-Thing") == (
        "\n"
        + row("CommandType     Name                            Definition")
        + row("-----------     ----                            ----------")
        + row("Application     certutil.exe                    C:\\WINDOWS\\system32\\certutil...")
        + row("Function        Get-Thing                       'thing'")
        + "\n\n"
    )


FORMAT_LIST_HELP = """
NAME
    Format-List
    
SYNOPSIS
    Formats the output as a list of properties in which each property appears o
    n a new line.
    
    
SYNTAX
    Format-List [[-Property] <Object[]>] [-GroupBy <Object>] [-View <String>] [
    -ShowError] [-DisplayError] [-Force] [-Expand <String>] [-InputObject <PSOb
    ject>] [<CommonParameters>]
    
    
DETAILED DESCRIPTION
    The Format-List cmdlet shows each input object as a list of its properties,
     one property per line: the name on the left, the value on the right. It sh
    ows the properties of the type's list view, or the ones named with -Propert
    y (wildcards and calculated properties allowed; format-list * shows them al
    l).
    
    A list gives each value a whole line, so values are cut less often than in 
    a table.
    

RELATED LINKS

REMARKS
    For more information, type: "get-help Format-List -detailed".
    For technical information, type: "get-help Format-List -full".


"""

START_SLEEP_FULL_HELP = """
NAME
    Start-Sleep
    
SYNOPSIS
    Suspend shell, script, or runspace activity for the specified period of tim
    e.
    
    
SYNTAX
    Start-Sleep [-Seconds] <Int32> [<CommonParameters>]
    
    Start-Sleep -Milliseconds <Int32> [<CommonParameters>]
    
    
DETAILED DESCRIPTION
    Waits the given number of seconds or milliseconds (of lab time) before the 
    next command.
    

PARAMETERS
    -Seconds <Int32>
        How many seconds to wait.
        
        Required?                    true
        Position?                    1
        Default value                
        Accept pipeline input?       true (ByValue, ByPropertyName)
        Accept wildcard characters?  false
        
    -Milliseconds <Int32>
        How many milliseconds to wait.
        
        Required?                    true
        Position?                    named
        Default value                
        Accept pipeline input?       true (ByPropertyName)
        Accept wildcard characters?  false
        
    <CommonParameters>
        This cmdlet supports the common parameters: -Verbose, -Debug,
        -ErrorAction, -ErrorVariable, and -OutVariable. For more information,
        type, "get-help about_commonparameters".
    
INPUT TYPE
    System.Int32
    
    
RETURN TYPE
    
    
    -------------------------- EXAMPLE 1 --------------------------
    
    C:\\PS>Start-Sleep -Seconds 30
    
    Waits half a minute, e.g. for a service to start.
    
    
RELATED LINKS



"""


def test_get_help_default_and_full_views() -> None:
    assert run_commands("Get-Help Format-List") == FORMAT_LIST_HELP
    assert run_commands("Get-Help Start-Sleep -Full") == START_SLEEP_FULL_HELP


def test_get_help_examples_lists_parameters_and_errors() -> None:
    assert run_commands(
        "Get-Help sleep -Examples",
        "Get-Help *-Variable",
        "Get-Help Nope",
        "Get-Help about_*",
        "Get-Help Get-Date -Parameter UFormat",
    ) == (
        "\nNAME\n    Start-Sleep\n    \nSYNOPSIS\n"
        "    Suspend shell, script, or runspace activity for the specified period of tim\n    e.\n    \n    \n"
        "    -------------------------- EXAMPLE 1 --------------------------\n    \n"
        "    C:\\PS>Start-Sleep -Seconds 30\n    \n"
        "    Waits half a minute, e.g. for a service to start.\n    \n    \n"
        "\n\n"
        "\n"
        + row("Name                              Category  Synopsis")
        + row("----                              --------  --------")
        + row("Clear-Variable                    Cmdlet    Deletes the value of a variable.")
        + row("Get-Variable                      Cmdlet    Gets the variables in the curren...")
        + row("New-Variable                      Cmdlet    Creates a new variable.")
        + row("Remove-Variable                   Cmdlet    Deletes a variable and its value.")
        + row("Set-Variable                      Cmdlet    Sets the value of a variable. Cr...")
        + "\n\n"
        'Get-Help : Cannot find Help for topic "Nope".\n'
        "At line:1 char:9\n"
        "+ Get-Help  <<<< Nope\n"
        "\n"
        "    -UFormat <String>\n"
        "        A UNIX format such as '%Y%m%d'.\n"
        "        \n"
        "        Required?                    false\n"
        "        Position?                    named\n"
        "        Default value                \n"
        "        Accept pipeline input?       false\n"
        "        Accept wildcard characters?  false\n"
        "        \n"
        "\n\n"
    )


def test_get_date_and_start_sleep_use_the_lab_clock() -> None:
    # The deterministic lab starts at 3/18/2008 10:15:32 AM and each statement moves it one second.
    assert run_commands(
        "Get-Date",
        "Get-Date -DisplayHint Time",
        "Start-Sleep 90; Start-Sleep -Milliseconds 2500; Get-Date -Format 'yyyy-MM-dd HH:mm:ss'",
        "Get-Date -Date '3/18/2008 14:05:00' -UFormat '%Y%m%d %H%M %a %j'",
        "Get-Date -Year 2009 -Day 1 -Format d",
    ) == (
        "\nTuesday, March 18, 2008 10:15:33 AM\n\n\n"
        "\n10:15:34 AM\n\n\n"
        "2008-03-18 10:17:09\n"
        "20080318 1405 Tue 078\n"
        "3/1/2009\n"
    )


def test_invoke_expression_and_aliases() -> None:
    assert run_commands(
        "iex '$x = 6 * 7'; $x; Invoke-Expression 'Write-Output a b'",
        "Set-Alias now Get-Date; now -Format yyyy; Get-Alias now",
        "New-Alias now Get-Host",
        "Get-Alias nope",
    ) == (
        "42\na\nb\n"
        "2008\n"
        "\n"
        + row("CommandType     Name                            Definition")
        + row("-----------     ----                            ----------")
        + row("Alias           now                             Get-Date")
        + "\n\n"
        "New-Alias : Alias not allowed because an alias with the name 'now' already exis\n"
        "ts.\n"
        "At line:1 char:10\n"
        "+ New-Alias  <<<< now Get-Host\n"
        "Get-Alias : Cannot find alias because alias 'nope' does not exist.\n"
        "At line:1 char:10\n"
        "+ Get-Alias  <<<< nope\n"
    )


def test_variable_cmdlets() -> None:
    assert run_commands(
        "Set-Variable thumb 'C8B7'; New-Variable days 365 -PassThru; Get-Variable th*, days -ValueOnly",
        "New-Variable days 1",
        "(Get-Variable days).Value = 30; $days",
        "Clear-Variable thumb; Remove-Variable days; \"[$thumb]\"; Get-Variable days",
    ) == (
        "\n"
        + row("Name                           Value")
        + row("----                           -----")
        + row("days                           365")
        + "C8B7\n365\n\n\n"
        "New-Variable : A variable with name 'days' already exists.\n"
        "At line:1 char:13\n"
        "+ New-Variable  <<<< days 1\n"
        "30\n"
        "[]\n"
        "Get-Variable : Cannot find a variable with name 'days'.\n"
        "At line:1 char:69\n"
        "+ Clear-Variable thumb; Remove-Variable days; \"[$thumb]\"; Get-Variable  <<<< da\n"
        "ys\n"
    )


def test_new_variable_prompts_for_one_name_and_remove_variable_what_if_uses_the_1_0_text() -> None:
    # New-Variable -Name is a [string] (Set-/Remove-Variable take [string[]]); PowerShell 1.0 wrote "Remove Variable"
    text = run_commands("New-Variable -Value 5", "$five", "Remove-Variable five -WhatIf", answers=["five"])
    assert text == (
        "\n"
        "cmdlet New-Variable at command pipeline position 1\n"
        "Supply values for the following parameters:\n"
        "Name: five\n"
        "5\n"
        'What if: Performing operation "Remove Variable" on Target "Name: five".\n'
    )


def test_stop_transcript_without_a_transcript() -> None:
    assert run_commands("Stop-Transcript") == (
        "Stop-Transcript : An error occurred stopping transcription: The host is not cur\n"
        "rently transcribing.\n"
        "At line:1 char:16\n"
        "+ Stop-Transcript <<<< \n"
    )


def test_built_in_verb_noun_aliases_are_read_only_unless_forced() -> None:
    # real-outputs §7C (PowerShell 1.0 docs): Set-Alias -Name gi -Value Get-Item fails; dir stays writable
    assert run_commands(
        "Set-Alias -Name gi -Value Get-Item",
        "Set-Alias gi Get-Date -Force; Set-Alias gi Get-Location; (Get-Alias gi).Definition",
        "Set-Alias dir Get-Date; (Get-Alias dir).Definition",
    ) == (
        "Set-Alias : Alias is not writeable because alias gi is read-only or constant an\n"
        "d cannot be written to.\n"
        "At line:1 char:10\n"
        "+ Set-Alias  <<<< -Name gi -Value Get-Item\n"
        "Get-Location\n"
        "Get-Date\n"
    )


def test_get_date_adds_the_display_hint_note_and_computed_dates_have_none() -> None:
    assert run_commands(
        "(Get-Date).DisplayHint; (Get-Date -DisplayHint Time).DisplayHint; \"[$((Get-Date).AddDays(1).DisplayHint)]\"",
        "Get-Date | Format-List DisplayHint, DateTime, Date, Kind",
        "Get-Date -DisplayHint Date | Get-Member -Name DisplayHint | ForEach-Object { $_.MemberType }",
    ) == (
        "DateTime\nTime\n[]\n"
        "\n\n"
        "DisplayHint : DateTime\n"
        "DateTime    : Tuesday, March 18, 2008 10:15:36 AM\n"  # one lab second per statement

        "Date        : 3/18/2008 12:00:00 AM\n"
        "Kind        : Local\n"
        "\n\n\n"
        "NoteProperty\n"
    )


def test_start_transcript_into_a_folder_or_a_missing_folder_fails_at_once() -> None:
    assert run_commands("Start-Transcript c:\\nofolder\\t.txt", "Start-Transcript c:\\windows") == (
        "Start-Transcript : Could not find a part of the path 'C:\\nofolder\\t.txt'.\n"
        "At line:1 char:17\n"
        "+ Start-Transcript  <<<< c:\\nofolder\\t.txt\n"
        "Start-Transcript : Access to the path 'C:\\WINDOWS' is denied.\n"
        "At line:1 char:17\n"
        "+ Start-Transcript  <<<< c:\\windows\n"
    )


def test_dash_question_mark_shows_the_commands_help() -> None:
    assert run_commands("Get-Date -?") == run_commands("Get-Help Get-Date")
    assert run_commands('$name = "Get-ExchangeCertificate"; & $name -? | Out-String -Stream | Select-Object -First 3') \
        == "\nNAME\n    Get-ExchangeCertificate\n"
