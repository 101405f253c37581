"""Get-Process, Stop-Process and $PID (PowerShell 1.0) over the processes of a lab computer: the
Windows processes, one per running service with an executable of its own, and the shell's own."""
from __future__ import annotations

from emshell.host.capture import captured_session, run_commands

HEADER = ("Handles  NPM(K)    PM(K)      WS(K) VM(M)   CPU(s)     Id ProcessName          \n"
          "-------  ------    -----      ----- -----   ------     -- -----------          \n")


def table(*rows: str) -> str:
    return "\n" + HEADER + "".join(row.ljust(79) + "\n" for row in rows) + "\n\n"


CAS01 = (
    "    665       5     1760       4632    38    31.95    392 csrss",
    "     62       3      908       3528    32     0.34   1648 ctfmon",
    "   1322      67    82088     110660   507   201.48   1336 EdgeTransport",
    "    452      13    18272      23236    68     8.69   1620 explorer",
    "      0       0        0         16     0               0 Idle",
    "    504      24     9664      17252    80    19.14    816 inetinfo",
    "    846      17    10836       7484    43    18.84    516 lsass",
    "    427      10    18812      18464   157     5.73    980 Microsoft.Exchange...",
    "    313      16    38252      43244   276    23.44   1064 Microsoft.Exchange...",
    "    299      13    23172      39552   158     1.14   1168 Microsoft.Exchange...",
    "    156       5     1596       3644    26     3.38    872 msdtc",
    "    439       8    20264      19628   259     1.05    900 MSExchangeADTopolo...",
    "    262      13    16364      26888   270    15.64   1160 MSExchangeFDS",
    "    424      12    40216      23880   149     7.63   1264 MSExchangeTransport",
    "    305      15    41332      30224   311    18.08   1432 MSExchangeTranspor...",
    "    350      10    32916      32252   156     2.63   1672 powershell",
    "    444       9     4000       5092    26    23.33    460 services",
    "     19       1      168        384     4     0.03    304 smss",
    "    159       7     4528       3036    48     3.48   1448 spoolsv",
    "    581      21     1476      23048    42     1.89    572 svchost",
    "    318      31     2580       9624    96    49.75    652 svchost",
    "    690      10     3596      25236   117    60.00    688 svchost",
    "    154      34     4204      13476    33    16.47    700 svchost",
    "    871      14    14440       5300    77    19.80    732 svchost",
    "   1091      35    10096      16444    70    24.41    796 svchost",
    "    607       0        0        296     1   217.11      4 System",
    "    612      36    50440      63216   433    87.55   1540 w3wp",
    "    614      13     8272       3812    46     1.08    452 winlogon",
)
IDLE, SYSTEM = CAS01[4], CAS01[25]


def test_the_default_table_lists_every_process_by_name_then_id() -> None:
    assert run_commands("Get-Process") == table(*CAS01)


def test_the_figures_stay_between_commands_and_do_not_depend_on_what_ran_first() -> None:
    first = run_commands("Get-Process", "Get-Process")
    assert first == table(*CAS01) * 2
    assert run_commands("Get-Process", computer="MBX01") != table(*CAS01)
    with captured_session(computer="MBX01") as (session, host):
        session.execute("Get-Process")
        session.computer = "CAS01"
        start = len(host.text)
        session.execute("Get-Process")
        assert host.text[start:] == table(*CAS01)


def test_names_ids_and_their_errors() -> None:
    assert run_commands("Get-Process -Id 99") == (
        "Get-Process : No process with process ID 99 was found.\n"
        "At line:1 char:12\n"
        "+ Get-Process  <<<< -Id 99\n")
    assert run_commands("Get-Process -Id 4, 99, 0") == (
        "Get-Process : No process with process ID 99 was found.\n"
        "At line:1 char:12\n"
        "+ Get-Process  <<<< -Id 4, 99, 0\n" + table(IDLE, SYSTEM))
    assert run_commands("gps nothing, no*", "ps s*stem, idle") == (
        'Get-Process : Cannot find a process with the name "nothing". Verify the process\n'
        " name and call the cmdlet again.\n"
        "At line:1 char:4\n"
        "+ gps  <<<< nothing, no*\n" + table(IDLE, SYSTEM))
    # each process once, however many patterns match it
    assert run_commands("(gps svchost, svc*, sm*).Count", "(Get-Process -ProcessName csrss).Id") == "7\n392\n"


def test_services_have_their_own_processes() -> None:
    assert run_commands("ps store, w3wp", computer="MBX01") == table(
        "   3865     129   252868     400052  1095   230.09   1076 store",
        "    777      24    61380      72712   393    54.66   1492 w3wp")
    assert run_commands("gps certsrv | % { $_.Path }", computer="DC01") == "C:\\WINDOWS\\system32\\certsrv.exe\n"
    assert run_commands("gps *transport* | % { $_.Name }") == "EdgeTransport\nMSExchangeTransport\n" \
                                                             "MSExchangeTransportLogSearch\n"


def test_pid_is_the_shell_process() -> None:
    assert run_commands("$PID", "(gps powershell).Id -eq $PID", "gps -Id $PID | Format-List") == (
        "1672\nTrue\n\n\n"
        "Id      : 1672\n"
        "Handles : 350\n"
        "CPU     : 2.625\n"
        "Name    : powershell\n\n\n\n")
    assert run_commands("$PID = 5") == (
        "Cannot overwrite variable PID because it is read-only or constant.\n"
        "At line:1 char:1\n"
        "+  <<<< $PID = 5\n")


def test_format_list_star_shows_the_process_properties() -> None:
    text = run_commands("gps -Id $PID | Format-List *", "gps idle | fl *")
    assert "__NounName                 : Process\nName                       : powershell\n" in text
    assert "Path                       : C:\\WINDOWS\\system32\\WindowsPowerShell\\v1.0\\powersh\n" in text
    assert "TotalProcessorTime         : 00:00:02.6250000\n" in text
    assert "Name                       : Idle\n" in text and "CPU                        : \n" in text
    assert run_commands('"$(Get-Process -Id 4)"', "(gps lsass).Description") == (
        "System.Diagnostics.Process (System)\nLSA Shell (Export Version)\n")


def test_stopping_a_service_process_stops_the_service_and_a_new_start_gets_a_new_id() -> None:
    assert run_commands(
        "Stop-Process -Name store -PassThru",
        "Get-Service MSExchangeIS",
        "gps store",
        "Start-Service MSExchangeIS",
        "(gps store).Id",
        computer="MBX01",
    ) == (
        table("   3865     129   252868     400052  1095   230.09   1076 store")
        + "\nStatus   Name               DisplayName                           \n"
        "------   ----               -----------                           \n"
        "Stopped  MSExchangeIS       Microsoft Exchange Information Store  \n\n\n"
        'Get-Process : Cannot find a process with the name "store". Verify the process n\n'
        "ame and call the cmdlet again.\n"
        "At line:1 char:4\n"
        "+ gps  <<<< store\n"
        "1804\n")


def test_stopping_a_svchost_stops_the_services_it_hosts() -> None:
    assert run_commands("kill 572", "Get-Service DcomLaunch, TermService | % { $_.Status }", "(gps svchost).Count") \
        == "Stopped\nStopped\n5\n"


def test_critical_processes_cannot_be_stopped_and_whatif_only_tells() -> None:
    assert run_commands("Stop-Process -Name csrss, Idle", "spps 4 -WhatIf", "(gps csrss).Id") == (
        "Stop-Process : Process 'csrss (392)' cannot be stopped due to the following err\n"
        "or: Access is denied\n"
        "At line:1 char:13\n"
        "+ Stop-Process  <<<< -Name csrss, Idle\n"
        "Stop-Process : Process 'Idle (0)' cannot be stopped due to the following error:\n"
        " Access is denied\n"
        "At line:1 char:13\n"
        "+ Stop-Process  <<<< -Name csrss, Idle\n"
        'What if: Performing operation "Stop-Process" on Target "System (4)".\n'
        "392\n")


def test_pipeline_input_binds_process_objects() -> None:
    assert run_commands("gps w3wp, inetinfo | Stop-Process -WhatIf", "gps -Id $PID | Get-Process | % { $_.Id }") == (
        'What if: Performing operation "Stop-Process" on Target "inetinfo (816)".\n'
        'What if: Performing operation "Stop-Process" on Target "w3wp (1540)".\n'
        "1672\n")
    assert run_commands("gps w3wp | Stop-Process -Confirm", answers=["n"]) == (
        "\nConfirm\n"
        "Are you sure you want to perform this action?\n"
        'Performing operation "Stop-Process" on Target "w3wp (1540)".\n'
        "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help \n"
        '(default is "Y"):n\n')
    assert run_commands("Stop-Process -Name explorer", "gps ex*", "Stop-Process -Id 1620") == (
        "Stop-Process : No process with process ID 1620 was found.\n"
        "At line:1 char:13\n"
        "+ Stop-Process  <<<< -Id 1620\n")


def test_stopping_the_shell_process_ends_the_shell() -> None:
    with captured_session() as (session, host):
        session.execute('Stop-Process -Name ctfmon, powershell; "not reached"')
        assert session.exited and session.exit_code == -1
        assert host.text == ""
        session.exited = False  # a new shell on the same computer has a new process
        session.execute("$PID; @(gps c*).Count")
        assert host.text == "1708\n1\n"  # the old console is gone with ctfmon; csrss stays


def test_process_cmdlets_belong_to_the_management_snapin() -> None:
    assert run_commands("Get-Command Get-Process, Stop-Process | % { $_.PSSnapIn }",
                        "Get-Alias gps, ps, spps, kill | % { $_.Definition }") == (
        "Microsoft.PowerShell.Management\nMicrosoft.PowerShell.Management\n"
        "Get-Process\nGet-Process\nStop-Process\nStop-Process\n")
