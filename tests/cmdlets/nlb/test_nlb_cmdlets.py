"""The NetworkLoadBalancingClusters cmdlets: default views, port rule changes, host control, errors."""
from __future__ import annotations

from nlb_support import console, screen, table

NODES_HEADER = ("Name                State               Interface           HostID",
                "----                -----               ---------           ------")
RULES_HEADER = ("IPAddress State     Start     End       Protocol  Mode      Affinity  Timeout",
                "--------- -----     -----     ---       --------  ----      --------  -------")
BOTH_CONVERGED = table(*NODES_HEADER,
                       "CAS01               Converged(default)  NLB LAN             1",
                       "CAS02               Converged           NLB LAN             2")
DEFAULT_RULE = "All       Enabled   0         65535     Both      Multiple  Single    0"
# The article's rules: SMTP (25) and secure SMTP (587) excluded, everything else balanced.
EXCLUDE_SMTP = (
    "Set-NlbClusterPortRule -Port 0 -NewEndPort 24",
    "Get-NlbCluster | Add-NlbClusterPortRule -StartPort 25 -EndPort 25 -Mode Disabled",
    "Get-NlbCluster | Add-NlbClusterPortRule -StartPort 26 -EndPort 586",
    'Add-NlbClusterPortRule 587 587 -Mode Disabled -InterfaceName "NLB LAN"',
    "Get-NlbCluster | Add-NlbClusterPortRule -StartPort 588 -EndPort 65535",
)
SMTP_RULES = (
    "All       Enabled   0         24        Both      Multiple  Single    0",
    "All       Enabled   25        25        Both      Disabled  Single    0",
    "All       Enabled   26        586       Both      Multiple  Single    0",
    "All       Enabled   587       587       Both      Disabled  Single    0",
    "All       Enabled   588       65535     Both      Multiple  Single    0",
)


def test_the_cluster_its_hosts_and_rules() -> None:
    with console() as sh:
        assert sh.run("Get-NlbCluster") == table(
            "Name                IPAddress           SubnetMask          Mode",
            "----                ---------           ----------          ----",
            "mail.ehlo.dk        192.168.1.100       255.255.255.0       UNICAST")
        assert sh.run("Get-NlbClusterNode -HostName cas02.ehlo.dk", on="DC01") == BOTH_CONVERGED
        assert sh.run("Get-NlbClusterPortRule") == table(*RULES_HEADER, DEFAULT_RULE)
        assert sh.run("Get-NlbClusterNode -NodeName CAS02 | Format-List *") == screen(
            "",
            "",
            "Cluster                : mail.ehlo.dk",
            "Name                   : CAS02",
            "InterfaceName          : NLB LAN",
            "Host                   : ",
            "State                  : Converged",
            "HostPriority           : 2",
            "AdapterGuid            : {736421eb-c740-54c1-a702-94d71676da6d}",
            "InitialHostState       : Started",
            "PersistSuspendOnReboot : True",
            "MaskSourceMac          : True",
            "FilterIcmp             : 0",
            "GreDescriptorTimeout   : 10",
            "",
            "",
            "",
        )


def test_excluding_smtp_from_the_cluster() -> None:
    with console() as sh:
        added = sh.run(*EXCLUDE_SMTP)
        assert added == "".join(table(*RULES_HEADER, rule) for rule in SMTP_RULES)
        assert sh.run("Get-NlbClusterPortRule") == table(*RULES_HEADER, *SMTP_RULES)
        assert sh.run("Get-NlbClusterPortRule 443 | fl") == screen(
            "",
            "",
            "Cluster          : mail.ehlo.dk",
            "NodeName         : ",
            "VirtualIPAddress : 255.255.255.255",
            "StartPort        : 26",
            "EndPort          : 586",
            "Affinity         : Single",
            "FilteringMode    : Multiple",
            "Protocol         : Both",
            "EqualLoad        : True",
            "LoadWeight       : 50",
            "PortState        : Enabled",
            "Priority         : 1",
            "Timeout          : 0",
            "",
            "",
            "",
        )
        assert sh.run("wlbs display", on="CAS02") == screen(
            "WLBS Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Retrieving parameters",
            "HostPriority = 2",
            "ClusterIPAddress = 192.168.1.100",
            "ClusterNetworkMask = 255.255.255.0",
            "DedicatedIPAddress = 192.168.1.22",
            "DedicatedNetworkMask = 255.255.255.0",
            "ClusterName = mail.ehlo.dk",
            "AliveMsgPeriod = 1000",
            "AliveMsgTolerance = 5",
            "",
            "PortRules (5):",
            "",
            "      VIP       Start  End  Prot   Mode   Pri Load Affinity",
            "--------------- ----- ----- ---- -------- --- ---- --------",
            "All                 0    24 Both Multiple      Eql Single",
            "All                25    25 Both Disabled",
            "All                26   586 Both Multiple      Eql Single",
            "All               587   587 Both Disabled",
            "All               588 65535 Both Multiple      Eql Single",
            "",
            "Host 2 has entered a converging state 6 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:15:37 AM",
            "Host 2 converged with the following host(s) as part of the cluster:",
            "1, 2",
        )


def test_changing_and_removing_rules() -> None:
    with console() as sh:
        sh.run(*EXCLUDE_SMTP)
        assert sh.run("Get-NlbClusterPortRule -Port 25 | Set-NlbClusterPortRule -NewMode Single") == table(
            *RULES_HEADER, "All       Enabled   25        25        Both      Single    Single    0")
        assert sh.run("Remove-NlbClusterPortRule 25", answers=("n",)) == screen(
            "",
            "Remove port rule",
            "Are you sure you want to remove the port rule 25-25 (All) from the cluster ",
            "mail.ehlo.dk?",
            '[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [?] Help (default is "Y"):n',
        )
        assert sh.run("Remove-NlbClusterPortRule 25 -Force", "Get-NlbClusterPortRule -Port 25") == ""
        weights = sh.run("Set-NlbClusterPortRuleNodeWeight -HostName CAS02 -Port 443 -LoadWeight 0",
                         "Get-NlbClusterNode | Get-NlbClusterPortRule -Port 443 | Format-Table NodeName,EqualLoad,"
                         "LoadWeight,Priority -AutoSize")
        rule = "All       Enabled   26        586       Both      Multiple  Single    0"
        assert weights == table(*RULES_HEADER, rule) + screen(
            "",
            "NodeName EqualLoad LoadWeight Priority",
            "-------- --------- ---------- --------",
            "CAS01         True         50        1",
            "CAS02        False          0        2",
            "",
            "",
        )


def test_a_rule_moves_to_a_new_cluster_ip() -> None:
    with console() as sh:
        moved = "192.16... Enabled   0         65535     Both      Multiple  Single    0"
        assert sh.run("Set-NlbClusterPortRule -Port 80 -NewIP 192.168.1.100") == table(*RULES_HEADER, moved)
        assert sh.run("Get-NlbClusterPortRule -IP 192.168.1.100 -Port 80 | Set-NlbClusterPortRule -NewIP All") \
            == table(*RULES_HEADER, DEFAULT_RULE)


def test_stopping_and_starting_hosts() -> None:
    with console() as sh:
        assert sh.run("Stop-NlbClusterNode CAS02") == table(
            *NODES_HEADER, "CAS02               Stopped             NLB LAN             2")
        assert sh.run("wlbs query", on="CAS02") == screen(
            "WLBS Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 2 is stopped and does not know convergence state of the cluster.",
        )
        assert sh.run("nlb query") == screen(
            "NLB Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 1 has entered a converging state 3 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:15:33 AM",
            "Host 1 converged as DEFAULT with the following host(s) as part of the cluster:",
            "1",
        )
        assert sh.run("Get-NlbClusterNode CAS02 | Start-NlbClusterNode") == table(
            *NODES_HEADER, "CAS02               Converged           NLB LAN             2")
        assert sh.run("Stop-NlbClusterNode -Drain -Timeout 10", "Get-NlbClusterNode") == table(
            *NODES_HEADER, "CAS01               Stopped             NLB LAN             1") + table(
            *NODES_HEADER, "CAS01               Stopped             NLB LAN             1",
            "CAS02               Converged(default)  NLB LAN             2")
        assert sh.run("Suspend-NlbClusterNode", "Start-NlbClusterNode", "Resume-NlbClusterNode",
                      "Start-NlbClusterNode") == "".join(
            table(*NODES_HEADER, f"CAS01               {state:<19} NLB LAN             1")
            for state in ("Suspended", "Suspended", "Stopped", "Converged(default)"))


def test_nlb_exe_controls_the_local_host() -> None:
    banner = "NLB Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation."
    with console() as sh:
        replies = [sh.run(f"nlb {verb}", on="CAS02").splitlines()[2:]
                   for verb in ("stop", "stop", "start", "start", "suspend", "start", "suspend", "resume",
                                "resume", "drainstop", "start mail.ehlo.dk", "drainstop")]
        assert replies == [
            ["Cluster operations stopped."], ["Cluster operations already stopped."],
            ["Cluster operations started."], ["Cluster operations already started."],
            ["Cluster operation control suspended."], ["Cluster operation control suspended."],
            ["Cluster operation control already suspended."], ["Cluster operation control resumed."],
            ["Cluster operation control already resumed."], ["Cluster operations already stopped."],
            ["Cluster operations started."], ["Connection draining started."],
        ]

        assert sh.run("wlbs query 192.168.1.99", "$LASTEXITCODE", on="CAS02") == screen(
            "WLBS Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Invalid Cluster Name or IP address.",
            "1",
        )
        assert sh.run("nlb query", "$LASTEXITCODE", on="DC01") == screen(
            banner,
            "NLB is not installed on this system or you do not have",
            "sufficient privileges to administer the cluster.",
            "1",
        )
        usage = sh.run("nlb", on="CAS02").splitlines()
        assert usage[:3] == [banner, "Usage: NLB <command> [/PASSW [<password>]] [/PORT <port>]", "<command>"]
        assert usage[-1] == "                                          cluster is not specified."


def test_draining_lasts_until_the_open_connections_close() -> None:
    with console() as sh:
        sh.run("Get-NlbCluster -HostName mail.ehlo.dk", on="HOMEPC")  # HOMEPC's client lands on CAS02
        assert sh.run("nlb drainstop", "nlb query", "Get-NlbClusterNode", on="CAS02") == screen(
            "NLB Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Connection draining started.",
            "NLB Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 2 has entered a converging state 1 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:15:32 AM",
            "Host 2 draining connections with the following host(s) as part of the cluster:",
            "1, 2",
        ) + table(*NODES_HEADER, "CAS01               Converged(default)  NLB LAN             1",
                  "CAS02               Draining            NLB LAN             2")
        assert sh.run("nlb drainstop", on="CAS02").splitlines()[2] == "Connection draining already started."
        assert sh.run("Start-Sleep 120", "wlbs query") == screen(
            "WLBS Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation.",
            "Cluster 192.168.1.100",
            "Host 1 has entered a converging state 3 time(s) since joining the cluster",
            "  and the last convergence completed at approximately: 3/18/2008 10:17:33 AM",
            "Host 1 converged as DEFAULT with the following host(s) as part of the cluster:",
            "1",
        )


def test_errors() -> None:
    with console() as sh:
        assert sh.run("Get-NlbCluster", on="DC01") == screen(
            "Get-NlbCluster : The host 'DC01' is not a member of an NLB cluster.",
            "At line:1 char:15",
            "+ Get-NlbCluster <<<< ",
        )
        assert sh.run("Get-NlbClusterNode -HostName CAS09", on="DC01") == screen(
            "Get-NlbClusterNode : The RPC server is unavailable. (Exception from HRESULT: 0x",
            "800706BA)",
            "At line:1 char:19",
            "+ Get-NlbClusterNode  <<<< -HostName CAS09",
        )
        assert sh.run("Get-NlbCluster -InterfaceName 'Local Area Connection'") == screen(
            "Get-NlbCluster : The interface 'Local Area Connection' on host 'CAS01' is not b",
            "ound to NLB.",
            "At line:1 char:15",
            "+ Get-NlbCluster  <<<< -InterfaceName 'Local Area Connection'",
        )
        assert sh.run("Get-NlbCluster | Add-NlbClusterPortRule -StartPort 80 -EndPort 80") == screen(
            "Add-NlbClusterPortRule : The port range 80-80 overlaps the port rule 0-65535 of",
            " the NLB cluster 'mail.ehlo.dk'.",
            "At line:1 char:40",
            "+ Get-NlbCluster | Add-NlbClusterPortRule  <<<< -StartPort 80 -EndPort 80",
        )
        assert sh.run("Get-NlbCluster | Add-NlbClusterPortRule 80 70000") == screen(
            "Add-NlbClusterPortRule : Cannot validate argument on parameter 'EndPort'. The 7",
            "0000 argument is greater than the maximum allowed range of 65535. Supply an arg",
            "ument that is less than 65535 and then try the command again.",
            "At line:1 char:49",  # a binding error: after the offending argument
            "+ Get-NlbCluster | Add-NlbClusterPortRule 80 70000 <<<< ",
        )
        assert sh.run("Start-NlbClusterNode -InputObject CAS02") == screen(
            "Start-NlbClusterNode : Cannot bind parameter 'InputObject'. Cannot convert the ",
            '"CAS02" value of type "System.String" to type "Microsoft.NetworkLoadBalancingCl',
            'usters.PowerShell.Node[]".',
            "At line:1 char:34",
            "+ Start-NlbClusterNode -InputObject  <<<< CAS02",
        )
        assert sh.run("Set-NlbClusterPortRule -Port 80 -NewMode Balanced") == screen(
            "Set-NlbClusterPortRule : Cannot bind parameter 'NewMode'. Cannot convert value ",
            '"Balanced" to type "Microsoft.NetworkLoadBalancingClusters.PowerShell.PortRuleF',
            'ilteringMode" due to invalid enumeration values. Specify one of the following e',
            'numeration values and try again. The possible enumeration values are "Single, M',
            'ultiple, Disabled".',
            "At line:1 char:41",
            "+ Set-NlbClusterPortRule -Port 80 -NewMode  <<<< Balanced",
        )
