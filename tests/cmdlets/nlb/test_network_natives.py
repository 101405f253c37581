"""ipconfig, ping and netsh as Windows Server 2003 prints them, answered by the lab network."""
from __future__ import annotations

from nlb_support import console, screen

CAS01_IPCONFIG = screen(
    "",
    "Windows IP Configuration",
    "",
    "",
    "Ethernet adapter Local Area Connection:",
    "",
    "        Connection-specific DNS Suffix  . : ",
    "        IP Address. . . . . . . . . . . . : 192.168.1.11",
    "        Subnet Mask . . . . . . . . . . . : 255.255.255.0",
    "        Default Gateway . . . . . . . . . : ",
    "",
    "Ethernet adapter NLB LAN:",
    "",
    "        Connection-specific DNS Suffix  . : ",
    "        IP Address. . . . . . . . . . . . : 192.168.1.21",
    "        Subnet Mask . . . . . . . . . . . : 255.255.255.0",
    "        IP Address. . . . . . . . . . . . : 192.168.1.100",
    "        Subnet Mask . . . . . . . . . . . : 255.255.255.0",
    "        Default Gateway . . . . . . . . . : ",
)


def test_ipconfig() -> None:
    with console() as sh:
        assert sh.run("ipconfig") == CAS01_IPCONFIG
        assert sh.run("ipconfig /all", on="CAS02") == screen(
            "",
            "Windows IP Configuration",
            "",
            "        Host Name . . . . . . . . . . . . : cas02",
            "        Primary Dns Suffix  . . . . . . . : ehlo.dk",
            "        Node Type . . . . . . . . . . . . : Unknown",
            "        IP Routing Enabled. . . . . . . . : No",
            "        WINS Proxy Enabled. . . . . . . . : No",
            "        DNS Suffix Search List. . . . . . : ehlo.dk",
            "",
            "Ethernet adapter Local Area Connection:",
            "",
            "        Connection-specific DNS Suffix  . : ",
            "        Description . . . . . . . . . . . : Intel(R) PRO/1000 MT Network Connection",
            "        Physical Address. . . . . . . . . : 00-0C-29-A3-14-45",
            "        Dhcp Enabled. . . . . . . . . . . : No",
            "        IP Address. . . . . . . . . . . . : 192.168.1.12",
            "        Subnet Mask . . . . . . . . . . . : 255.255.255.0",
            "        Default Gateway . . . . . . . . . : ",
            "        DNS Servers . . . . . . . . . . . : 192.168.1.10",
            "",
            "Ethernet adapter NLB LAN:",
            "",
            "        Connection-specific DNS Suffix  . : ",
            "        Description . . . . . . . . . . . : Intel(R) PRO/1000 MT Network Connection #2",
            "        Physical Address. . . . . . . . . : 02-BF-C0-A8-01-64",
            "        Dhcp Enabled. . . . . . . . . . . : No",
            "        IP Address. . . . . . . . . . . . : 192.168.1.22",
            "        Subnet Mask . . . . . . . . . . . : 255.255.255.0",
            "        IP Address. . . . . . . . . . . . : 192.168.1.100",
            "        Subnet Mask . . . . . . . . . . . : 255.255.255.0",
            "        Default Gateway . . . . . . . . . : ",
            "        DNS Servers . . . . . . . . . . . : 192.168.1.10",
        )
        # A disabled adapter is not listed at all.
        assert sh.run('netsh interface set interface name="NLB LAN" admin=disabled', "ipconfig") == screen(
            *CAS01_IPCONFIG.splitlines()[:10])
        assert sh.run("ipconfig /renew", "$LASTEXITCODE") == screen(
            "Error: unrecongnized or incomplete command line.", "1")


def test_ping() -> None:
    with console() as sh:
        assert sh.run("ping mail", on="CLIENT01") == screen(
            "",
            "Pinging mail.ehlo.dk [192.168.1.100] with 32 bytes of data:",
            "",
            "Reply from 192.168.1.100: bytes=32 time<1ms TTL=128",
            "Reply from 192.168.1.100: bytes=32 time<1ms TTL=128",
            "Reply from 192.168.1.100: bytes=32 time=1ms TTL=128",
            "Reply from 192.168.1.100: bytes=32 time=1ms TTL=128",
            "",
            "Ping statistics for 192.168.1.100:",
            "    Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),",
            "Approximate round trip times in milli-seconds:",
            "    Minimum = 0ms, Maximum = 1ms, Average = 0ms",
        )
        replies = sh.run("ping -n 24 cas02", on="HOMEPC").splitlines()
        assert replies[:3] == ["", "Pinging cas02 [192.168.1.12] with 32 bytes of data:", ""]
        assert replies[3:27].count("Reply from 192.168.1.12: bytes=32 time=1ms TTL=128") == 7
        assert replies[27:] == [
            "",
            "Ping statistics for 192.168.1.12:",
            "    Packets: Sent = 24, Received = 24, Lost = 0 (0% loss),",
            "Approximate round trip times in milli-seconds:",
            "    Minimum = 0ms, Maximum = 1ms, Average = 0ms",
        ]


def test_ping_failures() -> None:
    with console() as sh:
        assert sh.run("ping mail", "$LASTEXITCODE", on="HOMEPC") == screen(
            "Ping request could not find host mail. Please check the name and try again.", "1")
        assert sh.run("ping -n 2 192.168.1.99", "$LASTEXITCODE", on="CLIENT01") == screen(
            "",
            "Pinging 192.168.1.99 with 32 bytes of data:",
            "",
            "Request timed out.",
            "Request timed out.",
            "",
            "Ping statistics for 192.168.1.99:",
            "    Packets: Sent = 2, Received = 0, Lost = 2 (100% loss),",
            "1",
        )
        sh.run('netsh interface set interface "Local Area Connection" disabled', on="CLIENT01")
        assert sh.run("ping -n 1 192.168.1.10", on="CLIENT01") == screen(
            "",
            "Pinging 192.168.1.10 with 32 bytes of data:",
            "",
            "Destination host unreachable.",
            "",
            "Ping statistics for 192.168.1.10:",
            "    Packets: Sent = 1, Received = 0, Lost = 1 (100% loss),",
        )
        assert sh.run("ping", "ping -n", "ping -w 10 dc01") == screen(
            "IP address must be specified.", "Value must be supplied for option -n.", "Bad option -w.")
        # an out-of-range count is refused at once (it used to echo 9999999999 times)
        assert sh.run("ping -n 9999999999 dc01", "ping -n 0 dc01", "$LASTEXITCODE") == screen(
            "Bad value for option -n, valid range is from 1 to 4294967295.",
            "Bad value for option -n, valid range is from 1 to 4294967295.", "1")


def test_tcp_client_is_refused_by_a_stopped_exchange_service() -> None:
    """POP3 and IMAP4 are Manual and stopped after setup: their ports refuse a TcpClient as they
    refuse Invoke-WebRequest; once started they accept. Ports the lab does not model stay open."""
    with console() as sh:
        refused = sh.run("(New-Object System.Net.Sockets.TcpClient cas01.ehlo.dk, 110).Connected", on="CLIENT01")
        assert refused.splitlines()[:2] == [
            'New-Object : Exception calling ".ctor" with "2" argument(s): "No connection cou',
            'ld be made because the target machine actively refused it 192.168.1.11:110"',
        ]
        assert sh.run("Start-Service MSExchangePOP3", on="CAS01") == ""
        assert sh.run("(New-Object System.Net.Sockets.TcpClient cas01.ehlo.dk, 110).Connected",
                      on="CLIENT01") == screen("True")
        assert sh.run("(New-Object System.Net.Sockets.TcpClient dc01.ehlo.dk, 80).Connected",
                      on="CLIENT01") == screen("True")
        assert sh.run("Stop-Service W3SVC", "$c = New-Object System.Net.Sockets.TcpClient",
                      '$c.Connect("localhost", 443)', on="CAS02").splitlines()[:2] == [
            'Exception calling "Connect" with "2" argument(s): "No connection could be made ',
            'because the target machine actively refused it 127.0.0.1:443"',
        ]


def test_a_refused_connection_is_a_socket_exception_inside_the_method_error() -> None:
    """`catch [System.Net.Sockets.SocketException]` handles a failed Connect or constructor, as
    PowerShell unwraps the MethodInvocationException around it."""
    with console() as sh:
        caught = sh.run("Stop-Service W3SVC", "$c = New-Object System.Net.Sockets.TcpClient",
                        'try { $c.Connect("localhost", 443) } catch [System.Net.Sockets.SocketException] '
                        '{ $_.Exception.InnerException.GetType().FullName }',
                        'try { New-Object System.Net.Sockets.TcpClient localhost, 443 } '
                        'catch [System.Net.Sockets.SocketException] { "constructor" }', on="CAS02")
        assert caught == screen("System.Net.Sockets.SocketException", "constructor")

def test_ping_average_is_truncated_as_ping_exe_does() -> None:
    """ping.exe divides the summed round-trip times by the replies in integers (19+21+22+19 ms
    gives "Average = 20ms" in published captures); 0, 1 and 1 ms average 0, not 1."""
    from emshell.cmdlets import network

    class Lines:
        def __init__(self) -> None:
            self.lines: list[str] = []

        def write_line(self, text: str) -> None:
            self.lines.append(text)

    out = Lines()
    network._statistics(out, "192.168.1.100", 3, [0, 1, 1])
    assert out.lines[-1] == "    Minimum = 0ms, Maximum = 1ms, Average = 0ms"
