"""The article's failover test: CAS01's "NLB LAN" adapter disabled (with netsh, or with
Disable-NetAdapter), CAS02 takes the cluster's traffic, and CAS01 rejoins when it is enabled."""
from __future__ import annotations

from emshell.lab import network
from nlb_support import console, screen, table

NODES_HEADER = ("Name                State               Interface           HostID",
                "----                -----               ---------           ------")
CONVERGED = ("CAS01               Converged(default)  NLB LAN             1",
             "CAS02               Converged           NLB LAN             2")
FAILED_OVER = ("CAS01               Stopped             NLB LAN             1",
               "CAS02               Converged(default)  NLB LAN             2")


def served_by(sh) -> str:
    """The CAS that takes the client's HTTPS connection to https://mail.ehlo.dk."""
    return network.connect(sh.lab, "CLIENT01", "mail.ehlo.dk", 443).server


def test_failover_with_netsh() -> None:
    with console() as sh:
        assert sh.run("wlbs query", on="CAS02") == screen(
            "WLBS Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 2 has entered a converging state 1 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:15:32 AM",
            "Host 2 converged with the following host(s) as part of the cluster:",
            "1, 2",
        )
        assert sh.run("Get-NlbClusterNode") == table(*NODES_HEADER, *CONVERGED)
        assert served_by(sh) == "CAS01"

        assert sh.run('netsh interface set interface name="NLB LAN" admin=disabled', "$LASTEXITCODE") == "0\n"
        assert sh.run("netsh interface show interface") == screen(
            "",
            "Admin State    State          Type             Interface Name",
            "-------------------------------------------------------------------------",
            "Enabled        Connected      Dedicated        Local Area Connection",
            "Disabled       Disconnected   Dedicated        NLB LAN",
            "",
        )
        assert sh.run("wlbs query") == screen(
            "WLBS Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 1 is disconnected from the network.",
        )
        assert sh.run("nlb query", "Get-NlbClusterNode", on="CAS02") == screen(
            "NLB Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 2 has entered a converging state 2 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:15:35 AM",
            "Host 2 converged as DEFAULT with the following host(s) as part of the cluster:",
            "2",
        ) + table(*NODES_HEADER, *FAILED_OVER)
        assert served_by(sh) == "CAS02"

        assert sh.run('netsh interface set interface "NLB LAN" ENABLED', "Get-NlbClusterNode") == table(
            *NODES_HEADER, *CONVERGED)
        assert served_by(sh) == "CAS01"


def test_failover_with_disable_netadapter() -> None:
    with console() as sh:
        assert sh.run('Disable-NetAdapter -Name "NLB LAN"', answers=("y",)) == screen(
            "",
            "Confirm",
            "Are you sure you want to perform this action?",
            "Disable-NetAdapter 'NLB LAN'",
            "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help ",
            '(default is "Y"):y',
        )
        assert sh.run("Get-NlbClusterNode -HostName CAS02", on="MBX01") == table(*NODES_HEADER, *FAILED_OVER)
        assert served_by(sh) == "CAS02"
        assert sh.run("Enable-NetAdapter NLB*", "nlb query") == screen(
            "NLB Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 1 has entered a converging state 3 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:15:35 AM",
            "Host 1 converged as DEFAULT with the following host(s) as part of the cluster:",
            "1, 2",
        )
        assert served_by(sh) == "CAS01"


def test_adapter_command_errors() -> None:
    with console() as sh:
        assert sh.run('Disable-NetAdapter -Name "NLB LAN" -WhatIf', "Get-NlbClusterNode") == screen(
            "What if: Disable-NetAdapter 'NLB LAN'") + table(*NODES_HEADER, *CONVERGED)
        assert sh.run("Disable-NetAdapter WLAN -Confirm:$false") == screen(
            "Disable-NetAdapter : No MSFT_NetAdapter objects found with property 'Name' equa",
            "l to 'WLAN'.  Verify the value of the property and retry.",
            "At line:1 char:19",
            "+ Disable-NetAdapter  <<<< WLAN -Confirm:$false",
        )
        assert sh.run("Disable-NetAdapter W* -Confirm:$false") == ""  # a wildcard that matches nothing
        assert sh.run('netsh interface set interface name="WLAN" admin=disabled', "$LASTEXITCODE") == screen(
            "An interface with this name is not registered with the router.", "1")
        assert sh.run('netsh interface set interface name="NLB LAN"') == screen(
            "One or more essential parameters not specified")
        assert sh.run("netsh interface reset all") == screen(
            "The following command was not found: interface reset all.")
