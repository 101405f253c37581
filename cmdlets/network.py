"""Network adapters and the network tools of the shell's computer.

    Disable-NetAdapter / Enable-NetAdapter -Name    (Windows 8 / Server 2012 cmdlets, offered anyway)
    netsh interface set interface name="NLB LAN" admin=disabled|enabled
    netsh interface show interface
    ipconfig [/all]
    ping [-n count] host
    New-Object System.Net.Sockets.TcpClient host, port   (the object New-Object builds)

The natives print what Windows Server 2003 prints (8-space indented ipconfig blocks, ping's
"Pinging ... with 32 bytes of data:"); name resolution, which computer answers and the round-trip
times come from the lab network (`emshell.lab.network`), so a cluster address answers from the
NLB host that owns it and a disabled adapter stops answering.
"""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

from emshell.engine.cmdlet import Cmdlet, Example, Param
from emshell.engine import conversion as conv
from emshell.engine.members import MemberError
from emshell.engine.objects import PSEnum, PSObject
from emshell.engine.native import NativeContext
from emshell.engine.operators import wildcard_to_regex
from emshell.lab import clientaccess, computers, network, nlb

# -- Disable-/Enable-NetAdapter -----------------------------------------------------------------


class _AdapterSwitch(Cmdlet):
    """Both cmdlets: adapters by -Name (wildcards allowed), each changed after ShouldProcess."""

    parameters = (Param("Name", list[str], position=0, mandatory=True, aliases=("ifAlias", "InterfaceAlias"),
                        help="The names of the network adapters (wildcards are permitted)."),)
    supports_should_process = True
    enable = True

    def process(self) -> None:
        adapters = computers.list_adapters(self.lab, self.computer)
        for pattern in self.Name:
            regex = re.compile(wildcard_to_regex(pattern), re.IGNORECASE)
            matched = [a for a in adapters if regex.match(a.name)]
            if not matched and not any(c in pattern for c in "*?["):
                # The CDXML "not found" error of the NetAdapter module.
                self.write_error(f"No MSFT_NetAdapter objects found with property 'Name' equal to '{pattern}'.  "
                                 f"Verify the value of the property and retry.",
                                 f"CmdletizationQuery_NotFound_Name,{self.name}", "ObjectNotFound", pattern,
                                 "CimJobException")
            for adapter in matched:
                if self.should_process(adapter.name, what_if_text=f"{self.name} '{adapter.name}'"):
                    computers.set_adapter_enabled(self.lab, self.computer, adapter.name, self.enable)


class DisableNetAdapter(_AdapterSwitch):
    name = "Disable-NetAdapter"
    dotnet_class = "Microsoft.Management.Infrastructure.CimCmdlets.DisableNetAdapter"
    synopsis = "Disables a network adapter."
    description = ("Disables a network adapter of the computer the shell runs on, as disabling the connection "
                   "in Network Connections does: its addresses stop answering, and an NLB host whose cluster "
                   "adapter is disabled leaves the cluster. Asks for confirmation (its ConfirmImpact is High).")
    confirm_impact = "High"
    enable = False
    examples = (Example('Disable-NetAdapter -Name "NLB LAN" -Confirm:$false',
                        "Takes this host out of the NLB cluster, as the article does to test failover."),)


class EnableNetAdapter(_AdapterSwitch):
    name = "Enable-NetAdapter"
    dotnet_class = "Microsoft.Management.Infrastructure.CimCmdlets.EnableNetAdapter"
    synopsis = "Enables a network adapter."
    description = "Enables a disabled network adapter; an NLB host's cluster adapter rejoins the cluster."
    confirm_impact = "Low"
    examples = (Example('Enable-NetAdapter -Name "NLB LAN"', "Brings this host back into the NLB cluster."),)


# -- netsh --------------------------------------------------------------------------------------
NOT_REGISTERED = "An interface with this name is not registered with the router."
MISSING_PARAMETERS = "One or more essential parameters not specified"


def netsh(ctx: NativeContext, argv: list[str]) -> int:
    words = [w.lower() for w in argv[:3]]
    if len(words) == 3 and _is(words[0], "interface") and _is(words[2], "interface"):
        if _is(words[1], "show") and len(argv) == 3:
            return _show_interfaces(ctx)
        if words[1] == "set":
            return _set_interface(ctx, argv[3:])
    ctx.write_line(f"The following command was not found: {' '.join(argv)}.")
    return 1


def _is(word: str, keyword: str) -> bool:
    """netsh takes unambiguous abbreviations of its context and command words (`int`, `sh`)."""
    return len(word) >= 2 and keyword.startswith(word)


def _show_interfaces(ctx: NativeContext) -> int:
    ctx.write_line("")
    ctx.write_line("Admin State    State          Type             Interface Name")
    ctx.write_line("-" * 73)
    for adapter in computers.list_adapters(ctx.lab, ctx.computer):
        admin, state = ("Enabled", "Connected") if adapter.enabled else ("Disabled", "Disconnected")
        ctx.write_line(f"{admin:<15}{state:<15}{'Dedicated':<17}{adapter.name}")
    ctx.write_line("")
    return 0


def _set_interface(ctx: NativeContext, args: list[str]) -> int:
    """`name=X admin=enabled|disabled`, tags optional in that order."""
    values: dict[str, str] = {}
    for position, arg in enumerate(args):
        tag, equals, value = arg.partition("=")
        key = tag.lower() if equals else ("name", "admin")[min(position, 1)]
        values[key] = value if equals else arg
    admin = values.get("admin", "").lower()
    if "name" not in values or admin not in ("enabled", "disabled"):
        ctx.write_line(MISSING_PARAMETERS)
        return 1
    try:
        computers.set_adapter_enabled(ctx.lab, ctx.computer, values["name"], admin == "enabled")
    except computers.UnknownAdapter:
        ctx.write_line(NOT_REGISTERED)
        return 1
    return 0


# -- ipconfig -----------------------------------------------------------------------------------
INDENT = " " * 8


def _entry(label: str, value: str) -> str:
    """`        IP Address. . . . . . . . . . . . : 192.168.1.11`: labels dotted out to column 44."""
    dots = "".join(" " if (len(label) + i) % 2 else "." for i in range(34 - len(label)))
    return f"{INDENT}{label}{dots}: {value}"


def ipconfig(ctx: NativeContext, argv: list[str]) -> int:
    detailed = [a.lower() for a in argv] == ["/all"]
    if argv and not detailed:
        ctx.write_line("Error: unrecongnized or incomplete command line.")  # sic: XP/2003 spell it so
        return 1
    computer = computers.get_computer(ctx.lab, ctx.computer)
    ctx.write_line("")
    ctx.write_line("Windows IP Configuration")
    ctx.write_line("")
    if detailed:
        _host_block(ctx, computer)
    for index, adapter in enumerate(computers.list_adapters(ctx.lab, ctx.computer)):
        if adapter.enabled:
            _adapter_block(ctx, adapter, index, detailed)
    return 0


def _host_block(ctx: NativeContext, computer: computers.Computer) -> None:
    suffix = computer.fqdn.partition(".")[2]
    for label, value in (("Host Name", computer.fqdn.partition(".")[0]), ("Primary Dns Suffix ", suffix),
                         ("Node Type", "Unknown"), ("IP Routing Enabled", "No"), ("WINS Proxy Enabled", "No")):
        ctx.write_line(_entry(label, value))
    if suffix:
        ctx.write_line(_entry("DNS Suffix Search List", suffix))


def _adapter_block(ctx: NativeContext, adapter: computers.Adapter, index: int, detailed: bool) -> None:
    ctx.write_line("")
    ctx.write_line(f"Ethernet adapter {adapter.name}:")
    ctx.write_line("")
    ctx.write_line(_entry("Connection-specific DNS Suffix ", ""))
    if detailed:
        description = "Intel(R) PRO/1000 MT Network Connection" + (f" #{index + 1}" if index else "")
        ctx.write_line(_entry("Description", description))
        ctx.write_line(_entry("Physical Address", _mac(ctx, adapter)))
        ctx.write_line(_entry("Dhcp Enabled", "No"))  # XP/2003 spelling (Vista: DHCP)
    for address, mask in _bound_addresses(ctx, adapter):
        ctx.write_line(_entry("IP Address", address))
        ctx.write_line(_entry("Subnet Mask", mask))
    ctx.write_line(_entry("Default Gateway", ""))
    if detailed:
        for position, server in enumerate(_dns_servers(ctx)):
            ctx.write_line(_entry("DNS Servers", server) if position == 0 else f"{' ' * 44}{server}")


def _nlb_node(ctx: NativeContext, adapter: computers.Adapter) -> tuple[nlb.Cluster, nlb.Node] | None:
    for cluster in nlb.list_clusters(ctx.lab):
        node = cluster.node(adapter.computer)
        if node is not None and node.adapter.lower() == adapter.name.lower():
            return cluster, node
    return None


def _bound_addresses(ctx: NativeContext, adapter: computers.Adapter) -> list[tuple[str, str]]:
    """The adapter's address, and the cluster address NLB setup adds to a cluster adapter."""
    bound = [(adapter.ip, adapter.mask)]
    found = _nlb_node(ctx, adapter)
    if found is not None:
        bound.append((found[0].ip, found[0].mask))
    return bound


def _mac(ctx: NativeContext, adapter: computers.Adapter) -> str:
    """A unicast NLB adapter takes the cluster MAC 02-BF-<cluster IP>; the others have a fixed
    VMware-style address derived from the computer and adapter names."""
    found = _nlb_node(ctx, adapter)
    if found is not None and found[0].mode == "Unicast":
        octets = bytes([0x02, 0xBF]) + bytes(int(part) for part in found[0].ip.split("."))
    else:
        octets = bytes([0x00, 0x0C, 0x29]) + hashlib.sha256(f"{adapter.computer}\\{adapter.name}".encode()).digest()[:3]
    return "-".join(f"{octet:02X}" for octet in octets)


def _dns_servers(ctx: NativeContext) -> list[str]:
    servers = [c for c in computers.list_computers(ctx.lab) if "DNS" in c.roles]
    return [computers.list_adapters(ctx.lab, c.name)[0].ip for c in servers]


# -- ping ---------------------------------------------------------------------------------------
ECHO_BYTES = 32
WINDOWS_TTL = 128
ECHO_INTERVAL = timedelta(seconds=1)
ECHO_TIMEOUT = timedelta(seconds=4)


def ping(ctx: NativeContext, argv: list[str]) -> int:
    count, host = 4, None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg.lower() == "-n":
            if not (args and args[0].isdigit()):
                ctx.write_line(f"Value must be supplied for option {arg}.")
                return 1
            count = int(args.pop(0))
            if not 1 <= count <= 2**32 - 1:
                ctx.write_line(f"Bad value for option {arg}, valid range is from 1 to {2**32 - 1}.")
                return 1
        elif host is None and not arg.startswith("-"):
            host = arg
        else:
            ctx.write_line(f"Bad option {arg}.")
            return 1
    if host is None or count < 1:
        ctx.write_line("IP address must be specified.")
        return 1
    try:
        name = network.canonical_name(ctx.lab, ctx.computer, host)
        address = network.resolve_name(ctx.lab, ctx.computer, host)
    except network.NameNotResolved:
        ctx.write_line(f"Ping request could not find host {host}. Please check the name and try again.")
        return 1
    return _echo(ctx, host, name, address, count)


def _echo(ctx: NativeContext, host: str, name: str, address: str, count: int) -> int:
    ctx.write_line("")
    shown = address if name == address else f"{name} [{address}]"
    ctx.write_line(f"Pinging {shown} with {ECHO_BYTES} bytes of data:")
    ctx.write_line("")
    times: list[int] = []
    for _ in range(count):
        try:
            latency = network.connect(ctx.lab, ctx.computer, address, 0, "icmp").latency_ms
        except network.NetworkUnreachable:
            ctx.write_line("Destination host unreachable.")
            continue
        except network.NetworkError:  # nobody answers the ARP request: the echo times out
            ctx.lab.clock.advance(ECHO_TIMEOUT)
            ctx.write_line("Request timed out.")
            continue
        times.append(latency)
        duration = "time<1ms" if latency == 0 else f"time={latency}ms"
        ctx.write_line(f"Reply from {address}: bytes={ECHO_BYTES} {duration} TTL={WINDOWS_TTL}")
    ctx.lab.clock.advance(ECHO_INTERVAL * (count - 1))
    _statistics(ctx, address, count, times)
    return 0 if times else 1


def _statistics(ctx: NativeContext, address: str, sent: int, times: list[int]) -> None:
    lost = sent - len(times)
    ctx.write_line("")
    ctx.write_line(f"Ping statistics for {address}:")
    ctx.write_line(f"    Packets: Sent = {sent}, Received = {len(times)}, Lost = {lost} ({lost * 100 // sent}% loss),")
    if times:
        ctx.write_line("Approximate round trip times in milli-seconds:")
        ctx.write_line(f"    Minimum = {min(times)}ms, Maximum = {max(times)}ms, "
                       f"Average = {sum(times) // len(times)}ms")  # integer division, as ping.exe


# -- System.Net.Sockets.TcpClient ----------------------------------------------------------------
class AddressFamily(PSEnum):
    __ps_type__ = "System.Net.Sockets.AddressFamily"
    InterNetwork = 2


class SocketType(PSEnum):
    __ps_type__ = "System.Net.Sockets.SocketType"
    Stream = 1


class ProtocolType(PSEnum):
    __ps_type__ = "System.Net.Sockets.ProtocolType"
    Tcp = 6


class IPEndPoint(PSObject):
    TYPE_NAMES = ("System.Net.IPEndPoint", "System.Net.EndPoint", "System.Object")
    PROPERTIES = ("Address", "AddressFamily", "Port")

    def __init__(self, address: str, port: int) -> None:
        self.Address, self.AddressFamily, self.Port = address, AddressFamily.InterNetwork, port

    def ps_to_string(self) -> str:
        return f"{self.Address}:{self.Port}"


class Socket(PSObject):
    TYPE_NAMES = ("System.Net.Sockets.Socket", "System.Object")
    PROPERTIES = ("AddressFamily", "SocketType", "ProtocolType", "Connected", "LocalEndPoint", "RemoteEndPoint")

    def __init__(self) -> None:
        self.AddressFamily, self.SocketType, self.ProtocolType = (AddressFamily.InterNetwork, SocketType.Stream,
                                                                  ProtocolType.Tcp)
        self.Connected = False
        self.LocalEndPoint = self.RemoteEndPoint = None

    def attach(self, connection: network.Connection) -> None:
        self.Connected = True
        self.LocalEndPoint = IPEndPoint(connection.client_address, connection.client_port)
        self.RemoteEndPoint = IPEndPoint(connection.address, connection.port)


class TcpClient(PSObject):
    """System.Net.Sockets.TcpClient on the shell's lab computer: whether a connection is made is the
    lab network's decision (an NLB Disabled port rule drops it, a disabled adapter makes the host
    unreachable)."""

    TYPE_NAMES = ("System.Net.Sockets.TcpClient", "System.Object")
    PROPERTIES = ("Client", "Available", "Connected", "ExclusiveAddressUse", "ReceiveBufferSize", "SendBufferSize",
                  "ReceiveTimeout", "SendTimeout", "LingerState", "NoDelay")

    def __init__(self, lab: object, computer: str) -> None:
        self.lab, self.computer = lab, computer
        self.Client = Socket()
        self.Available, self.ExclusiveAddressUse, self.NoDelay = 0, False, False
        self.ReceiveBufferSize = self.SendBufferSize = 8192
        self.ReceiveTimeout = self.SendTimeout = 0
        self.LingerState = "System.Net.Sockets.LingerOption"

    @property
    def Connected(self) -> bool:
        return self.Client.Connected

    def connect(self, host: object, port: object) -> None:
        """Raises SocketError with .NET's SocketException text: the Winsock message without its
        full stop, then the endpoint tried."""
        host, number = conv.expand_string(host), conv.to_int(port)
        try:
            connection = network.connect(self.lab, self.computer, host, number)
        except network.NameNotResolved as error:
            raise SocketError(str(error).rstrip(".")) from None
        except network.NetworkError as error:
            address = network.resolve_name(self.lab, self.computer, host)
            raise SocketError(f"{str(error).rstrip('.')} {address}:{number}") from None
        if clientaccess.refuses(self.lab, connection.server, number):  # WSAECONNREFUSED
            raise SocketError(f"{REFUSED} {connection.address}:{number}")
        self.Client.attach(connection)

    def ps_methods(self) -> dict[str, object]:
        return {"Connect": self._connect_method, "Close": lambda ctx: setattr(self.Client, "Connected", False)}

    def _connect_method(self, ctx: object, host: object, port: object) -> None:
        try:
            self.connect(host, port)
        except SocketError as error:
            raise MemberError(f'Exception calling "Connect" with "2" argument(s): "{error}"',
                              "MethodInvocationException", error.exception_type) from None


REFUSED = "No connection could be made because the target machine actively refused it"


class SocketError(ValueError):
    """A failed connection (New-Object reports it as the constructor's exception)."""

    exception_type = "SocketException"


def tcp_client(cmdlet: Cmdlet, args: list[object]) -> TcpClient:
    """New-Object's constructors: TcpClient() and TcpClient(host, port)."""
    client = TcpClient(cmdlet.lab, cmdlet.computer)
    if len(args) == 2:
        client.connect(*args)
    elif args:
        raise MemberError(f'Cannot find an overload for "TcpClient" and the argument count: "{len(args)}".',
                          "CannotFindAppropriateCtor")
    return client


CMDLETS = (DisableNetAdapter, EnableNetAdapter)
NATIVE_COMMANDS = {
    "netsh": netsh, "netsh.exe": netsh, "ipconfig": ipconfig, "ipconfig.exe": ipconfig,
    "ping": ping, "ping.exe": ping,
}
