"""The lab's IP network: name resolution and connections as one lab computer sees them.

Public API (kept stable; the application layer and the network commands build on it):

    resolve_name(lab, from_computer, host) -> str
        The IPv4 address `host` names for `from_computer`: a dotted address as it is,
        `localhost`, the computer's own name, a DNS name (FQDN; a single label gets the
        domain suffix on domain members) through the lab's DNS server, else a NetBIOS name
        answered by broadcast on the local subnet. Raises NameNotResolved.

    connect(lab, from_computer, host, port, protocol="tcp") -> Connection
        Opens a connection (protocol "tcp", "udp" or "icmp"; port 0 for icmp) to `host`, a
        name or an address. An address of an NLB cluster is routed by the cluster's port
        rules (emshell.lab.nlb), except from a host of that cluster whose NLB adapter is up:
        the cluster address is bound locally there, so the host answers itself. Raises
        NameNotResolved, NetworkUnreachable / HostUnreachable (no enabled adapter on the
        client; the address's adapter is disabled, or nobody has it; no cluster host is
        converged), ConnectionDropped (an NLB Disabled rule, or only hosts with load weight 0)
        and its base ConnectionTimedOut. A timed-out TCP attempt moves lab time by the 21 s
        Windows spends on SYN retries; nothing else moves the clock. The cluster host that
        takes a connection remembers when (an `nlb drainstop` waits for it to close).

    canonical_name(lab, from_computer, host) -> str
        The name resolution settled on (`mail` -> `mail.ehlo.dk` on a domain member).

    add_dns_record(lab, fqdn, address)           an A record (the builder)
    list_dns_records(lab) -> list[DnsRecord]
    local_addresses(lab, computer) -> list[Adapter]   enabled adapters of a computer
    subnet_of(address, mask) -> IPv4Network

Every NetworkError has `host`, `port`, `socket_error` (the Winsock code) and the Winsock text
as its message, so each tool can word it its own way (ping's "could not find host",
.NET's "The remote name could not be resolved", ...).

Document kinds owned here:

    dns-record  key fqdn (lower)       {name: fqdn, type: "A", address}
    net-ports   key computer (upper)   {next: int}   the next ephemeral port (Windows 2003
                                                     hands them out in turn from 1025 to 5000)

Latency: 0 ms on the loopback; on the LAN 0 ms, or 1 ms one time in four (lab.random), which is
what `ping` on a switched 100 Mbit/s LAN shows; a routed hop adds 1 ms.
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta
from typing import NamedTuple

from emshell.lab import computers, nlb
from emshell.lab.computers import Adapter, Computer
from emshell.lab.lab import Lab, LabError

LOOPBACK = "127.0.0.1"
EPHEMERAL_FIRST, EPHEMERAL_LAST = 1025, 5000
FIRST_FREE_PORT = 1031  # a few ports are taken while Windows starts
SYN_RETRY_TIME = timedelta(seconds=21)  # 3 + 6 + 12 s: TcpMaxConnectRetransmissions = 2
PROTOCOLS = ("tcp", "udp", "icmp")


class DnsRecord(NamedTuple):
    name: str
    address: str


@dataclass(frozen=True)
class Connection:
    """An established connection (or an answered echo request for icmp)."""

    client: str  # the client computer (upper-case NetBIOS name)
    client_address: str  # its source address
    client_port: int  # the ephemeral source port (0 for icmp)
    server: str  # the computer that answered
    address: str  # the address connected to (a cluster address when through NLB)
    port: int
    protocol: str
    cluster: str | None  # the NLB cluster's name when `address` is a cluster address
    latency_ms: int
    host: str  # the name or address the caller gave

    @property
    def via_cluster(self) -> bool:
        return self.cluster is not None


# -- errors -------------------------------------------------------------------------------
class NetworkError(LabError):
    """A resolution or connection failure; the message is the Winsock error text."""

    socket_error = 0
    text = ""

    def __init__(self, host: str, port: int | None = None) -> None:
        self.host = host
        self.port = port
        super().__init__(self.text)


class NameNotResolved(NetworkError):
    socket_error = 11001  # WSAHOST_NOT_FOUND
    text = "No such host is known."


class HostUnreachable(NetworkError):
    socket_error = 10065  # WSAEHOSTUNREACH
    text = "A socket operation was attempted to an unreachable host."


class NetworkUnreachable(HostUnreachable):
    """The client itself has no enabled adapter that reaches the address."""

    socket_error = 10051  # WSAENETUNREACH
    text = "A socket operation was attempted to an unreachable network."


class ConnectionTimedOut(NetworkError):
    socket_error = 10060  # WSAETIMEDOUT
    text = ("A connection attempt failed because the connected party did not properly respond after a period "
            "of time, or established connection failed because connected host has failed to respond.")


class ConnectionDropped(ConnectionTimedOut):
    """The NLB cluster silently discarded the packets (a Disabled port rule, or no host takes
    the client's load); to the client this is a timeout."""

    def __init__(self, host: str, port: int | None, cluster: str, rule: nlb.PortRule | None) -> None:
        super().__init__(host, port)
        self.cluster = cluster
        self.rule = rule


# -- DNS ----------------------------------------------------------------------------------
def add_dns_record(lab: Lab, fqdn: str, address: str) -> DnsRecord:
    lab.store.put("dns-record", fqdn.lower(), {"name": fqdn, "type": "A", "address": address})
    return DnsRecord(fqdn, address)


def list_dns_records(lab: Lab) -> list[DnsRecord]:
    return [DnsRecord(doc["name"], doc["address"]) for _, doc in lab.store.list("dns-record")]


def _dns_lookup(lab: Lab, client: Computer, fqdn: str) -> str | None:
    """An A record, when a DNS server (a running DNS service on a reachable computer) answers."""
    if not any(_reachable(lab, client, server) for server in _dns_servers(lab)):
        return None
    doc = lab.store.get("dns-record", fqdn.lower().rstrip("."))
    return doc["address"] if doc else None


def _dns_servers(lab: Lab) -> list[Computer]:
    servers = []
    for computer in computers.list_computers(lab):
        if "DNS" in computer.roles and any(s.name == "DNS" and s.status == "Running"
                                           for s in computers.list_services(lab, computer.name)):
            servers.append(computer)
    return servers


def _reachable(lab: Lab, client: Computer, server: Computer) -> bool:
    if client.name == server.name:
        return True
    return any(_same_subnet(a, b) for a in local_addresses(lab, client.name)
               for b in local_addresses(lab, server.name))


# -- addresses ----------------------------------------------------------------------------
def subnet_of(address: str, mask: str) -> ipaddress.IPv4Network:
    return ipaddress.IPv4Network(f"{address}/{mask}", strict=False)


def _same_subnet(a: Adapter, b: Adapter) -> bool:
    return ipaddress.IPv4Address(b.ip) in subnet_of(a.ip, a.mask)


def local_addresses(lab: Lab, computer: str) -> list[Adapter]:
    """The enabled adapters of a computer, in their configured order."""
    return [a for a in computers.list_adapters(lab, computer) if a.enabled]


def _is_address(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def _owner(lab: Lab, address: str) -> tuple[Computer, Adapter] | None:
    """The computer and adapter configured with an address (enabled or not)."""
    for computer in computers.list_computers(lab):
        for adapter in computers.list_adapters(lab, computer.name):
            if adapter.ip == address:
                return computer, adapter
    return None


# -- resolution ---------------------------------------------------------------------------
def resolve_name(lab: Lab, from_computer: str, host: str) -> str:
    return _resolve(lab, computers.get_computer(lab, from_computer), host)[1]


def canonical_name(lab: Lab, from_computer: str, host: str) -> str:
    """The name resolution settled on: a single label completed with the DNS suffix becomes
    the FQDN (`mail` -> `mail.ehlo.dk`, as ping shows it); other names stay as given."""
    return _resolve(lab, computers.get_computer(lab, from_computer), host)[0]


def _resolve(lab: Lab, client: Computer, host: str) -> tuple[str, str]:
    name = host.strip().rstrip(".")
    if _is_address(name):
        return name, name
    if name.lower() == "localhost":
        return name, LOOPBACK
    if name.lower() in (client.name.lower(), client.fqdn.lower()):
        own = computers.list_adapters(lab, client.name)
        return name, own[0].ip if own else LOOPBACK
    if local_addresses(lab, client.name) and name:
        found = _resolve_remote(lab, client, name)
        if found is not None:
            return found
    raise NameNotResolved(host)


def _resolve_remote(lab: Lab, client: Computer, name: str) -> tuple[str, str] | None:
    if "." in name:
        address = _dns_lookup(lab, client, name)
        return (name, address) if address else None
    if client.domain_joined:
        fqdn = f"{name}.{client.fqdn.partition('.')[2]}"
        address = _dns_lookup(lab, client, fqdn)
        if address is not None:
            return fqdn, address
    address = _netbios_broadcast(lab, client, name)
    return (name, address) if address else None


def _netbios_broadcast(lab: Lab, client: Computer, name: str) -> str | None:
    """A computer of that NetBIOS name on one of the client's subnets answers."""
    for computer in computers.list_computers(lab):
        if computer.name.lower() != name.lower():
            continue
        for theirs in local_addresses(lab, computer.name):
            if any(_same_subnet(mine, theirs) for mine in local_addresses(lab, client.name)):
                return theirs.ip
    return None


# -- connections --------------------------------------------------------------------------
def connect(lab: Lab, from_computer: str, host: str, port: int, protocol: str = "tcp") -> Connection:
    client = computers.get_computer(lab, from_computer)
    protocol = protocol.lower()
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}")
    address = resolve_name(lab, client.name, host)
    if address == LOOPBACK or _owned_by(lab, client, address):
        return _connection(lab, client, address, address, host, port, protocol, client.name,
                           _cluster_name(lab, address), 0)
    source = _source_adapter(lab, client, address, host, port)
    cluster = nlb.cluster_for_address(lab, address)
    if cluster is not None:
        server = _through_cluster(lab, cluster, source, host, port, protocol)
    else:
        server = _direct(lab, address, host, port)
    return _connection(lab, client, source.ip, address, host, port, protocol, server,
                       cluster.name if cluster else None, _latency(lab, source, address))


def _connection(lab: Lab, client: Computer, source: str, address: str, host: str, port: int, protocol: str,
                server: str, cluster: str | None, latency: int) -> Connection:
    client_port = 0 if protocol == "icmp" else _ephemeral_port(lab, client.name)
    return Connection(client.name, source, client_port, server, address, port, protocol, cluster, latency, host)


def _owned_by(lab: Lab, client: Computer, address: str) -> bool:
    """Whether the address is bound on one of the client's enabled adapters (a cluster
    address is bound on each host's NLB adapter)."""
    if any(a.ip == address for a in local_addresses(lab, client.name)):
        return True
    cluster = nlb.cluster_for_address(lab, address)
    node = cluster.node(client.name) if cluster else None
    return node is not None and node.state is not nlb.NodeState.DISCONNECTED


def _cluster_name(lab: Lab, address: str) -> str | None:
    cluster = nlb.cluster_for_address(lab, address)
    return cluster.name if cluster else None


def _source_adapter(lab: Lab, client: Computer, address: str, host: str, port: int) -> Adapter:
    """The client's enabled adapter facing the address (else its first one, routed)."""
    adapters = local_addresses(lab, client.name)
    if not adapters:
        raise NetworkUnreachable(host, port)
    target = ipaddress.IPv4Address(address)
    return next((a for a in adapters if target in subnet_of(a.ip, a.mask)), adapters[0])


def _direct(lab: Lab, address: str, host: str, port: int) -> str:
    owner = _owner(lab, address)
    if owner is None or not owner[1].enabled:
        raise HostUnreachable(host, port)
    return owner[0].name


def _through_cluster(lab: Lab, cluster: nlb.Cluster, source: Adapter, host: str, port: int, protocol: str) -> str:
    if protocol == "icmp":
        # NLB does not filter ICMP: every host with the address bound replies, the first one wins.
        bound = [n for n in cluster.nodes if n.state is not nlb.NodeState.DISCONNECTED]
        if not bound:
            raise HostUnreachable(host, port)
        return bound[0].computer
    if not any(n.is_member for n in cluster.nodes):
        raise HostUnreachable(host, port)
    client_port = _peek_port(lab, source.computer)
    decision = nlb.route(lab, cluster.name, source.ip, client_port, port, protocol)
    if decision.computer is None:
        if protocol == "tcp":
            lab.clock.advance(SYN_RETRY_TIME)
        raise ConnectionDropped(host, port, cluster.name, decision.rule)
    return decision.computer


def _latency(lab: Lab, source: Adapter, address: str) -> int:
    routed = 0 if ipaddress.IPv4Address(address) in subnet_of(source.ip, source.mask) else 1
    return routed + (1 if lab.random.randbelow(4, stream="network") == 0 else 0)


def _peek_port(lab: Lab, computer: str) -> int:
    doc = lab.store.get("net-ports", computer.upper())
    return doc["next"] if doc else FIRST_FREE_PORT


def _ephemeral_port(lab: Lab, computer: str) -> int:
    port = _peek_port(lab, computer)
    following = port + 1 if port < EPHEMERAL_LAST else EPHEMERAL_FIRST
    lab.store.put("net-ports", computer.upper(), {"next": following})
    return port
