"""The lab network: name resolution and connections as a lab computer sees them."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from emshell.lab import computers, manage, network, nlb
from emshell.lab.network import Connection

START = datetime(2008, 3, 18, 10, 15, 32)
CLUSTER = "mail.ehlo.dk"


@pytest.fixture
def lab():
    with manage.fresh_lab("ehlo", deterministic=True) as lab:
        yield lab


def failure(call) -> tuple[str, int, str]:
    with pytest.raises(network.NetworkError) as raised:
        call()
    return type(raised.value).__name__, raised.value.socket_error, str(raised.value)


@pytest.mark.parametrize(("client", "host", "address"), [
    ("CLIENT01", "mail.ehlo.dk", "192.168.1.100"),
    ("CLIENT01", "AUTODISCOVER.ehlo.dk.", "192.168.1.100"),
    ("CLIENT01", "mail", "192.168.1.100"),  # the primary DNS suffix completes a single label
    ("CLIENT01", "cas02", "192.168.1.12"),
    ("HOMEPC", "mail.ehlo.dk", "192.168.1.100"),
    ("HOMEPC", "cas01", "192.168.1.11"),  # NetBIOS broadcast on the LAN
    ("CAS01", "CAS01", "192.168.1.11"),
    ("CAS01", "cas01.ehlo.dk", "192.168.1.11"),
    ("CAS01", "localhost", "127.0.0.1"),
    ("DC01", " 192.168.1.77 ", "192.168.1.77"),
])
def test_resolve_name(lab, client, host, address) -> None:
    assert network.resolve_name(lab, client, host) == address


def test_canonical_name(lab) -> None:
    assert network.canonical_name(lab, "CLIENT01", "mail") == "mail.ehlo.dk"
    assert network.canonical_name(lab, "HOMEPC", "CAS01") == "CAS01"
    assert network.canonical_name(lab, "CLIENT01", "192.168.1.12") == "192.168.1.12"


def test_names_that_do_not_resolve(lab) -> None:
    not_found = ("NameNotResolved", 11001, "No such host is known.")
    assert failure(lambda: network.resolve_name(lab, "HOMEPC", "mail")) == not_found  # no DNS suffix, no NetBIOS
    assert failure(lambda: network.resolve_name(lab, "CLIENT01", "owa.ehlo.dk")) == not_found
    computers.stop_service(lab, "DC01", "DNS")
    assert failure(lambda: network.resolve_name(lab, "CLIENT01", "mail.ehlo.dk")) == not_found
    assert network.resolve_name(lab, "CLIENT01", "cas02") == "192.168.1.12"  # NetBIOS still answers
    computers.start_service(lab, "DC01", "DNS")
    computers.set_adapter_enabled(lab, "CLIENT01", "Local Area Connection", False)
    assert failure(lambda: network.resolve_name(lab, "CLIENT01", "mail.ehlo.dk")) == not_found
    with pytest.raises(network.NameNotResolved) as raised:
        network.connect(lab, "CLIENT01", "owa", 443)
    assert (raised.value.host, raised.value.port) == ("owa", None)


def test_a_connection_through_the_cluster(lab) -> None:
    assert network.connect(lab, "CLIENT01", "mail", 443) == Connection(
        client="CLIENT01", client_address="192.168.1.50", client_port=1031, server="CAS01",
        address="192.168.1.100", port=443, protocol="tcp", cluster=CLUSTER, latency_ms=0, host="mail")
    second = network.connect(lab, "CLIENT01", "autodiscover.ehlo.dk", 443)
    assert (second.server, second.client_port, second.via_cluster) == ("CAS01", 1032, True)
    home = network.connect(lab, "HOMEPC", "mail.ehlo.dk", 443)
    assert (home.server, home.client_port) == ("CAS02", 1031)


def test_a_direct_connection(lab) -> None:
    conn = network.connect(lab, "CLIENT01", "cas02.ehlo.dk", 443)
    assert (conn.server, conn.address, conn.cluster, conn.via_cluster) == ("CAS02", "192.168.1.12", None, False)
    assert network.connect(lab, "CLIENT01", "192.168.1.22", 80).server == "CAS02"  # its NLB adapter


def test_latency_is_deterministic(lab) -> None:
    latencies = [network.connect(lab, "CLIENT01", "cas02", 443).latency_ms for _ in range(32)]
    # Drawn from the lab's own "network" random stream, so other draws do not shift them.
    assert latencies == [0, 0, 1, 1] + [0] * 12 + [1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 1, 0]


def test_a_cluster_host_answers_its_own_cluster_address(lab) -> None:
    conn = network.connect(lab, "CAS02", CLUSTER, 443)
    assert (conn.server, conn.client_address, conn.cluster, conn.latency_ms) == ("CAS02", "192.168.1.100", CLUSTER, 0)
    computers.set_adapter_enabled(lab, "CAS02", "NLB LAN", False)
    assert network.connect(lab, "CAS02", CLUSTER, 443).server == "CAS01"  # over the wire now
    assert network.connect(lab, "CAS01", "localhost", 80).server == "CAS01"


def test_failover_when_the_nlb_adapter_is_disabled(lab) -> None:
    assert network.connect(lab, "CLIENT01", CLUSTER, 443).server == "CAS01"
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", False)
    assert network.connect(lab, "CLIENT01", CLUSTER, 443).server == "CAS02"
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", True)
    assert network.connect(lab, "CLIENT01", CLUSTER, 443).server == "CAS01"


def test_smtp_is_dropped_while_https_balances(lab) -> None:
    nlb.set_port_rule(lab, CLUSTER, 0, end_port=24)
    nlb.add_port_rule(lab, CLUSTER, 25, 25, mode="Disabled")
    nlb.add_port_rule(lab, CLUSTER, 26, 586)
    nlb.add_port_rule(lab, CLUSTER, 587, 587, mode="Disabled")
    nlb.add_port_rule(lab, CLUSTER, 588, 65535)
    for port in (25, 587):
        with pytest.raises(network.ConnectionDropped) as raised:
            network.connect(lab, "CLIENT01", CLUSTER, port)
        dropped = raised.value
        assert (dropped.cluster, dropped.rule.start_port, dropped.rule.mode, dropped.socket_error) == (
            CLUSTER, port, "Disabled", 10060)
        assert str(dropped).startswith("A connection attempt failed because the connected party did not properly")
    assert lab.clock.now() == START + timedelta(seconds=42)  # two 21 s connection attempts
    assert network.connect(lab, "CLIENT01", CLUSTER, 443).server == "CAS01"
    assert network.connect(lab, "HOMEPC", CLUSTER, 443).server == "CAS02"
    assert network.connect(lab, "CLIENT01", "cas01.ehlo.dk", 25).server == "CAS01"  # direct SMTP still works
    with pytest.raises(network.ConnectionDropped):  # the rule covers both protocols
        network.connect(lab, "CLIENT01", CLUSTER, 25, "udp")
    assert lab.clock.now() == START + timedelta(seconds=42)  # UDP does not retry


def test_unreachable_hosts(lab) -> None:
    unreachable = ("HostUnreachable", 10065, "A socket operation was attempted to an unreachable host.")
    assert failure(lambda: network.connect(lab, "CLIENT01", "192.168.1.99", 80)) == unreachable  # nobody
    computers.set_adapter_enabled(lab, "CAS02", "Local Area Connection", False)
    assert failure(lambda: network.connect(lab, "CLIENT01", "cas02.ehlo.dk", 443)) == unreachable
    for cas in ("CAS01", "CAS02"):
        computers.set_adapter_enabled(lab, cas, "NLB LAN", False)
    assert failure(lambda: network.connect(lab, "CLIENT01", CLUSTER, 443)) == unreachable
    assert failure(lambda: network.connect(lab, "CLIENT01", CLUSTER, 0, "icmp")) == unreachable
    computers.set_adapter_enabled(lab, "CLIENT01", "Local Area Connection", False)
    assert failure(lambda: network.connect(lab, "CLIENT01", "192.168.1.10", 389)) == (
        "NetworkUnreachable", 10051, "A socket operation was attempted to an unreachable network.")


def test_stopped_hosts(lab) -> None:
    nlb.stop_node(lab, "CAS01")
    nlb.stop_node(lab, "CAS02")
    assert failure(lambda: network.connect(lab, "CLIENT01", CLUSTER, 443))[0] == "HostUnreachable"
    # NLB does not filter ICMP: the address still answers pings from a stopped host.
    assert network.connect(lab, "CLIENT01", CLUSTER, 0, "icmp").server == "CAS01"


def test_ephemeral_ports_wrap(lab) -> None:
    lab.store.put("net-ports", "CLIENT01", {"next": 5000})
    ports = [network.connect(lab, "CLIENT01", "dc01", 389).client_port for _ in range(2)]
    assert ports == [5000, 1025]
    assert network.connect(lab, "CLIENT01", "dc01", 0, "icmp").client_port == 0


def test_dns_records(lab) -> None:
    network.add_dns_record(lab, "owa.ehlo.dk", "192.168.1.100")
    assert network.resolve_name(lab, "CLIENT01", "owa") == "192.168.1.100"
    assert network.DnsRecord("owa.ehlo.dk", "192.168.1.100") in network.list_dns_records(lab)
    assert [r.name for r in network.list_dns_records(lab)][:2] == ["autodiscover.ehlo.dk", "cas01.ehlo.dk"]
