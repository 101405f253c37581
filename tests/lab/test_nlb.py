"""The NLB cluster model: hosts and their states, convergence, port rules and routing."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import pytest

from emshell.lab import computers, manage, network, nlb
from emshell.lab.nlb import NodeState

START = datetime(2008, 3, 18, 10, 15, 32)  # the deterministic lab's build time
CLUSTER = "mail.ehlo.dk"


@pytest.fixture
def lab():
    with manage.fresh_lab("ehlo", deterministic=True) as lab:
        yield lab


def states(lab) -> list[tuple[str, NodeState, int, datetime]]:
    return [(n.computer, n.state, n.convergences, n.converged_at) for n in nlb.get_cluster(lab, CLUSTER).nodes]


def owner(lab, client_ip: str, port: int = 443, client_port: int = 1031, protocol: str = "tcp") -> str | None:
    return nlb.route(lab, CLUSTER, client_ip, client_port, port, protocol).computer


def clients(count: int) -> list[str]:
    return [f"10.{i // 200}.{i % 200}.7" for i in range(count)]


def spread(lab, port: int = 443) -> Counter:
    return Counter(owner(lab, ip, port) for ip in clients(400))


def exclude_smtp(lab) -> None:
    """The article's port rules: SMTP (25) and secure SMTP (587) kept out of the cluster."""
    nlb.set_port_rule(lab, CLUSTER, 0, end_port=24)
    nlb.add_port_rule(lab, CLUSTER, 25, 25, mode="Disabled")
    nlb.add_port_rule(lab, CLUSTER, 26, 586)
    nlb.add_port_rule(lab, CLUSTER, 587, 587, mode="Disabled")
    nlb.add_port_rule(lab, CLUSTER, 588, 65535)


def test_the_ehlo_cluster(lab) -> None:
    cluster = nlb.get_cluster(lab, "192.168.1.100")
    assert (cluster.name, cluster.ip, cluster.mask, cluster.mode, cluster.members) == (
        CLUSTER, "192.168.1.100", "255.255.255.0", "Unicast", (1, 2))
    assert states(lab) == [("CAS01", NodeState.DEFAULT, 2, START), ("CAS02", NodeState.CONVERGED, 1, START)]
    assert cluster.port_rules == (
        nlb.PortRule(CLUSTER, "All", 0, 65535, "Both", "Multiple", "Single", 0,
                     {"CAS01": nlb.HostRule(None, 1), "CAS02": nlb.HostRule(None, 2)}),
    )
    assert nlb.cluster_of(lab, "cas02").name == CLUSTER
    assert nlb.get_node(lab, cluster, "cas02.ehlo.dk").priority == 2
    assert nlb.get_node(lab, cluster, "1").computer == "CAS01"
    assert cluster.default_host.computer == "CAS01"
    assert nlb.cluster_for_address(lab, "192.168.1.11") is None


def test_lookup_errors(lab) -> None:
    with pytest.raises(nlb.UnknownCluster, match=r"^The NLB cluster 'owa.ehlo.dk' was not found\.$"):
        nlb.get_cluster(lab, "owa.ehlo.dk")
    with pytest.raises(nlb.NotClusterHost, match=r"^The host 'DC01' is not a member of an NLB cluster\.$"):
        nlb.cluster_of(lab, "dc01")
    with pytest.raises(nlb.UnknownNode, match=r"^The node 'MBX01' was not found in the NLB cluster 'mail\.ehlo\.dk'"):
        nlb.get_node(lab, nlb.get_cluster(lab, CLUSTER), "MBX01")


def test_multiple_host_rule_spreads_clients_by_address(lab) -> None:
    assert spread(lab) == Counter({"CAS01": 202, "CAS02": 198})
    # Affinity Single: a client sticks to its host whatever its source port.
    assert {owner(lab, "10.0.3.7", client_port=port) for port in range(1031, 1061)} == {"CAS01"}
    assert {owner(lab, "10.0.4.7", client_port=port) for port in range(1031, 1061)} == {"CAS02"}
    # The article's client lands on CAS01, the home PC on CAS02.
    assert (owner(lab, "192.168.1.50"), owner(lab, "192.168.1.150")) == ("CAS01", "CAS02")


def test_affinity_none_spreads_the_connections_of_one_client(lab) -> None:
    nlb.set_port_rule(lab, CLUSTER, 443, affinity="None")
    by_port = Counter(owner(lab, "10.0.3.7", client_port=port) for port in range(1031, 1131))
    assert by_port == Counter({"CAS01": 54, "CAS02": 46})


def test_affinity_network_keeps_a_class_c_together(lab) -> None:
    nlb.set_port_rule(lab, CLUSTER, 443, affinity="Network")
    for network_ in ("10.0.1", "10.0.2", "172.16.9"):
        assert len({owner(lab, f"{network_}.{host}") for host in range(1, 255)}) == 1
    assert {owner(lab, f"10.0.{n}.1") for n in range(20)} == {"CAS01", "CAS02"}


def test_load_weights(lab) -> None:
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS01", load_weight=80)
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS02", load_weight=20)
    assert spread(lab) == Counter({"CAS01": 319, "CAS02": 81})  # 48 and 12 of the 60 buckets
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS02", load_weight=0)
    assert spread(lab) == Counter({"CAS01": 400})
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS01", load_weight=0)
    assert nlb.route(lab, CLUSTER, "10.0.0.7", 1031, 443) == nlb.Route(
        None, nlb.get_cluster(lab, CLUSTER).port_rules[0], "unhandled")
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS01", load_weight=None)
    assert nlb.get_cluster(lab, CLUSTER).port_rules[0].hosts == {
        "CAS01": nlb.HostRule(None, 1), "CAS02": nlb.HostRule(0, 2)}


def test_a_leaving_host_moves_only_its_own_clients(lab) -> None:
    before = {ip: owner(lab, ip) for ip in clients(200)}
    nlb.stop_node(lab, "CAS02")
    after = {ip: owner(lab, ip) for ip in clients(200)}
    assert set(after.values()) == {"CAS01"}
    nlb.start_node(lab, "CAS02")
    assert {ip: owner(lab, ip) for ip in clients(200)} == before


def test_single_host_rule_goes_to_the_best_handling_priority(lab) -> None:
    nlb.set_port_rule(lab, CLUSTER, 443, mode="Single")
    assert set(spread(lab)) == {"CAS01"}
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS02", priority=3)
    nlb.set_host_rule(lab, CLUSTER, 443, "CAS01", priority=4)
    assert set(spread(lab)) == {"CAS02"}
    computers.set_adapter_enabled(lab, "CAS02", "NLB LAN", False)
    assert set(spread(lab)) == {"CAS01"}


def test_disabled_rules_drop_and_the_rest_still_balances(lab) -> None:
    exclude_smtp(lab)
    for port in (25, 587):
        route = nlb.route(lab, CLUSTER, "192.168.1.50", 1031, port)
        assert (route.computer, route.rule.start_port, route.verdict) == (None, port, "disabled")
    assert spread(lab) == Counter({"CAS01": 202, "CAS02": 198})  # HTTPS balances as before
    assert (owner(lab, "192.168.1.50", 110), owner(lab, "192.168.1.150", 110)) == ("CAS01", "CAS02")


def test_ports_outside_every_rule_go_to_the_default_host(lab) -> None:
    nlb.set_port_rule(lab, CLUSTER, 0, start_port=443, end_port=443)
    nlb.add_port_rule(lab, CLUSTER, 80, 80, protocol="Tcp")
    assert set(spread(lab, 25)) == {"CAS01"}
    assert nlb.route(lab, CLUSTER, "10.0.0.7", 1031, 25).rule is None
    assert set(spread(lab, 80)) == {"CAS01", "CAS02"}
    assert owner(lab, "10.0.0.7", 80, protocol="udp") == "CAS01"  # a Tcp rule does not cover UDP
    nlb.stop_node(lab, "CAS01")
    assert set(spread(lab, 25)) == {"CAS02"}
    nlb.stop_node(lab, "CAS02")
    assert nlb.route(lab, CLUSTER, "10.0.0.7", 1031, 25) == nlb.Route(None, None, "unhandled")


def test_a_rule_for_the_cluster_address_wins_over_all(lab) -> None:
    nlb.add_port_rule(lab, CLUSTER, 443, 443, ip="192.168.1.100", mode="Disabled")
    assert [(r.ip, r.start_port) for r in nlb.get_cluster(lab, CLUSTER).port_rules] == [
        ("All", 0), ("192.168.1.100", 443)]
    assert nlb.route(lab, CLUSTER, "10.0.0.7", 1031, 443).verdict == "disabled"
    assert nlb.route(lab, CLUSTER, "10.0.0.7", 1031, 80).verdict == "accepted"
    assert nlb.find_port_rule(nlb.get_cluster(lab, CLUSTER), 443, "192.168.1.100").mode == "Disabled"
    assert nlb.find_port_rule(nlb.get_cluster(lab, CLUSTER), 443, "255.255.255.255").mode == "Multiple"


def test_disabling_the_nlb_adapter_leaves_the_cluster(lab) -> None:
    lab.clock.advance(timedelta(seconds=30))
    computers.set_adapter_enabled(lab, "CAS01", "Local Area Connection", False)  # not the cluster adapter
    assert states(lab) == [("CAS01", NodeState.DEFAULT, 2, START), ("CAS02", NodeState.CONVERGED, 1, START)]
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", False)
    at = START + timedelta(seconds=30)
    assert states(lab) == [("CAS01", NodeState.DISCONNECTED, 2, START), ("CAS02", NodeState.DEFAULT, 2, at)]
    assert nlb.get_cluster(lab, CLUSTER).members == (2,)
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", False)  # no change, no convergence
    assert states(lab)[1][2] == 2
    lab.clock.advance(timedelta(seconds=5))
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", True)
    back = at + timedelta(seconds=5)
    assert states(lab) == [("CAS01", NodeState.DEFAULT, 3, back), ("CAS02", NodeState.CONVERGED, 3, back)]


def test_stop_start_suspend_resume(lab) -> None:
    assert nlb.stop_node(lab, "CAS02")[1] is True
    assert nlb.stop_node(lab, "CAS02")[1] is False
    assert states(lab)[1][1] is NodeState.STOPPED and nlb.get_cluster(lab, CLUSTER).members == (1,)
    node, changed = nlb.start_node(lab, "CAS02")
    assert (node.state, changed, nlb.start_node(lab, "CAS02")[1]) == (NodeState.CONVERGED, True, False)
    assert nlb.suspend_node(lab, "CAS02")[0].state is NodeState.SUSPENDED
    assert nlb.start_node(lab, "CAS02") == (nlb.get_cluster(lab, CLUSTER).node("CAS02"), False)
    assert nlb.stop_node(lab, "CAS02")[1] is False
    assert nlb.resume_node(lab, "CAS02")[0].state is NodeState.STOPPED  # resumed hosts stay stopped
    assert nlb.start_node(lab, "CAS02")[0].state is NodeState.CONVERGED


def test_drainstop_waits_for_open_connections(lab) -> None:
    assert nlb.drain_stop(lab, "CAS01")[0].state is NodeState.STOPPED  # nothing open: stops at once
    nlb.start_node(lab, "CAS01")
    network.connect(lab, "CLIENT01", CLUSTER, 443)  # CAS01 takes it
    lab.clock.advance(timedelta(seconds=20))
    node, changed = nlb.drain_stop(lab, "CAS01")
    assert (node.state, changed, nlb.drain_stop(lab, "CAS01")[1]) == (NodeState.DRAINING, True, False)
    assert nlb.get_cluster(lab, CLUSTER).members == (1, 2)  # still a member while draining
    assert network.connect(lab, "CLIENT01", CLUSTER, 443).server == "CAS02"  # but takes no new clients
    lab.clock.advance(timedelta(seconds=99))
    assert states(lab)[0][1] is NodeState.DRAINING
    lab.clock.advance(timedelta(seconds=1))  # 120 s after the last connection: drained
    done = START + timedelta(seconds=120)
    assert states(lab) == [("CAS01", NodeState.STOPPED, 3, START), ("CAS02", NodeState.DEFAULT, 4, done)]


def test_waiting_for_a_drain_moves_lab_time(lab) -> None:
    network.connect(lab, "CLIENT01", CLUSTER, 443)
    nlb.drain_stop(lab, "CAS01")
    assert nlb.wait_for_drain(lab, "CAS01", timedelta(seconds=30)).state is NodeState.STOPPED
    assert lab.clock.now() == START + timedelta(seconds=30)
    nlb.start_node(lab, "CAS01")
    network.connect(lab, "CLIENT01", CLUSTER, 443)
    nlb.drain_stop(lab, "CAS01")
    nlb.wait_for_drain(lab, "CAS01", None)
    assert lab.clock.now() == START + timedelta(seconds=150)


@pytest.mark.parametrize(("call", "message"), [
    (lambda lab: nlb.add_port_rule(lab, CLUSTER, 80, 80),
     "The port range 80-80 overlaps the port rule 0-65535 of the NLB cluster 'mail.ehlo.dk'."),
    (lambda lab: nlb.add_port_rule(lab, CLUSTER, 80, 70000),
     "The port 70000 is not valid; ports must be between 0 and 65535."),
    (lambda lab: nlb.set_port_rule(lab, CLUSTER, 80, start_port=443, end_port=80),
     "The start port 443 is greater than the end port 80."),
    (lambda lab: nlb.set_port_rule(lab, CLUSTER, 80, timeout=241),
     "The timeout 241 is not valid; it must be between 0 and 240 minutes."),
    (lambda lab: nlb.add_port_rule(lab, CLUSTER, 80, 80, ip="192.168.1.11"),
     "The IP address 192.168.1.11 is not a cluster IP address of the NLB cluster 'mail.ehlo.dk'."),
    (lambda lab: nlb.remove_port_rule(lab, CLUSTER, 80, "192.168.1.100"),
     "No port rule covering port 80 for the cluster IP address 192.168.1.100 was found."),
    (lambda lab: nlb.add_port_rule(lab, CLUSTER, 80, 80, ip="192.168.1.100", mode="Balanced"),
     "'Balanced' is not one of Multiple, Single, Disabled."),
    (lambda lab: nlb.set_host_rule(lab, CLUSTER, 80, "CAS02", priority=1),
     "The handling priority 1 is already used by host CAS01."),
    (lambda lab: nlb.set_host_rule(lab, CLUSTER, 80, "CAS02", priority=33),
     "The handling priority 33 is not valid; it must be between 1 and 32."),
    (lambda lab: nlb.set_host_rule(lab, CLUSTER, 80, "CAS02", load_weight=101),
     "The load weight 101 is not valid; it must be between 0 and 100."),
])
def test_port_rule_validation(lab, call, message) -> None:
    with pytest.raises(nlb.NlbError) as raised:
        call(lab)
    assert str(raised.value) == message


def test_at_most_32_rules_and_removal(lab) -> None:
    nlb.set_port_rule(lab, CLUSTER, 0, end_port=0)
    for port in range(1, 32):
        nlb.add_port_rule(lab, CLUSTER, port, port)
    with pytest.raises(nlb.InvalidPortRule, match=r"already has the maximum of 32 port rules\.$"):
        nlb.add_port_rule(lab, CLUSTER, 443, 443)
    removed = nlb.remove_port_rule(lab, CLUSTER, 7)
    assert (removed.start_port, len(nlb.get_cluster(lab, CLUSTER).port_rules)) == (7, 31)
    # Every rule change makes the members converge again.
    assert [n.convergences for n in nlb.get_cluster(lab, CLUSTER).nodes] == [35, 34]
