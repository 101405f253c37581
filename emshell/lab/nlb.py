"""Windows Network Load Balancing: clusters, their hosts, port rules and how traffic is routed.

Document kind owned here (the builder creates it through `add_cluster`):

    nlb  key cluster name (lower)
         {name, ip, mask, mode,                          mode: Unicast | Multicast | IgmpMulticast
          members: [host id, ..],                        the membership of the last convergence
          nodes: [{computer, adapter, priority,          priority = host ID (1-32, unique)
                   adapter_guid, stopped, suspended,
                   drain_until: iso | null,              set while a drainstop waits for connections
                   last_connection: iso | null,          last connection this host accepted
                   convergences, converged_at: iso}],
          port_rules: [{ip, start_port, end_port,        ip: "All" or a cluster address
                        protocol, mode, affinity,        Tcp|Udp|Both, Multiple|Single|Disabled,
                        timeout,                         None|Single|Network; timeout 0-240 min
                        hosts: {COMPUTER: {load_weight: int | null (equal load),
                                           priority: handling priority}}}]}

Facts (adcs-nlb-autodiscover.md §5): a port rule covers a port range for one protocol or both;
Disabled rules drop their traffic, Single-host rules send it to the live host with the best
(lowest) handling priority, Multiple-host rules spread it by client (affinity Single: client
IP; None: IP and port; Network: the client's class C) in proportion to the load weights, and
traffic outside every rule goes to the default host, the live member with the lowest host ID.

What is modelled of convergence (§5.3): a host is a member while its NLB adapter is enabled
and it is neither stopped nor suspended (a draining host stays a member until its
connections are gone). Whenever membership or the port rules change, every member
re-converges at once: its converging count goes up and its convergence time is the lab time
of the change (the real heartbeat timeout of about 5 s is not simulated, so a disabled adapter
fails over by the next command). A drainstop lasts until the host's open connections would
close: IIS keeps an idle connection for 120 s after the host's last accepted connection.
Multiple-host rules hash the client into one of 60 buckets, as NLB does; each live host owns
its load weight's share of the buckets, dealt by a stable per-bucket preference so that a host
leaving or joining moves few buckets besides its own (see _bucket_owners).
"""
from __future__ import annotations

import hashlib
import ipaddress
import math
import uuid
from datetime import datetime, timedelta
from enum import Enum
from typing import Any, NamedTuple

from emshell.lab import computers
from emshell.lab.lab import Lab, LabError

KIND = "nlb"
ALL = "All"  # a port rule for every cluster address
ALL_ADDRESS = "255.255.255.255"  # how the NLB objects spell "All"
MAX_PORT_RULES = 32  # technet cc738234 (§5.1)
BUCKETS = 60
EQUAL_LOAD_WEIGHT = 50  # MicrosoftNLB_PortRuleEx default LoadWeight (§5.1)
IDLE_CONNECTION = timedelta(seconds=120)  # IIS 6 ConnectionTimeout default
PROTOCOLS = ("Tcp", "Udp", "Both")
FILTERING_MODES = ("Multiple", "Single", "Disabled")
AFFINITIES = ("None", "Single", "Network")
# Any salt spreads clients evenly; this one sends the article's client (CLIENT01) to CAS01
# first, as in the article, and HOMEPC to CAS02.
HASH_SALT = "convoy"  # NLB began as Valence Research's Convoy Cluster
_GUID_NAMESPACE = uuid.UUID("6f0c1d4e-52a3-4b8e-9d0a-1e5c7b2f8a31")


class NodeState(str, Enum):
    """A host's state as NLB reports it (MicrosoftNLB_Node codes 1005-1013, §5.3)."""

    CONVERGED = "Converged"
    DEFAULT = "Converged(default)"
    DRAINING = "Draining"
    STOPPED = "Stopped"
    SUSPENDED = "Suspended"
    DISCONNECTED = "Disconnected"  # the NLB adapter is disabled


class HostRule(NamedTuple):
    load_weight: int | None  # None: equal load
    priority: int  # handling priority (Single-host rules)


class PortRule(NamedTuple):
    cluster: str
    ip: str
    start_port: int
    end_port: int
    protocol: str
    mode: str
    affinity: str
    timeout: int
    hosts: dict[str, HostRule]

    def covers(self, port: int, protocol: str) -> bool:
        return self.start_port <= port <= self.end_port and self.protocol in ("Both", protocol.capitalize())


class Node(NamedTuple):
    cluster: str
    computer: str
    adapter: str
    priority: int
    adapter_guid: str
    state: NodeState
    convergences: int
    converged_at: datetime

    @property
    def is_member(self) -> bool:
        return self.state in (NodeState.CONVERGED, NodeState.DEFAULT, NodeState.DRAINING)


class Cluster(NamedTuple):
    name: str
    ip: str
    mask: str
    mode: str
    members: tuple[int, ...]  # host IDs of the current membership, ascending
    nodes: tuple[Node, ...]  # by host ID
    port_rules: tuple[PortRule, ...]  # by address, then start port

    def node(self, computer: str) -> Node | None:
        return next((n for n in self.nodes if n.computer == computer.upper()), None)

    @property
    def default_host(self) -> Node | None:
        return next((n for n in self.nodes if n.state is NodeState.DEFAULT), None)


class Route(NamedTuple):
    """Where the cluster sends one connection: `computer` is None when nobody takes it."""

    computer: str | None
    rule: PortRule | None  # None: no rule covers the port (the default host handles it)
    verdict: str  # "accepted" | "disabled" (a Disabled rule drops it) | "unhandled" (no live host)


# -- errors -------------------------------------------------------------------------------
class NlbError(LabError):
    """An NLB operation failed; the message is the cmdlets' wording."""


class UnknownCluster(NlbError):
    def __init__(self, name: str) -> None:
        super().__init__(f"The NLB cluster '{name}' was not found.")


class NotClusterHost(NlbError):
    def __init__(self, computer: str) -> None:
        self.computer = computer
        super().__init__(f"The host '{computer}' is not a member of an NLB cluster.")


class UnknownNode(NlbError):
    def __init__(self, name: str, cluster: str) -> None:
        super().__init__(f"The node '{name}' was not found in the NLB cluster '{cluster}'.")


class InvalidPortRule(NlbError):
    pass


class PortRuleNotFound(NlbError):
    def __init__(self, port: int, ip: str) -> None:
        where = "" if ip == ALL else f" for the cluster IP address {ip}"
        super().__init__(f"No port rule covering port {port}{where} was found.")


# -- building and reading -----------------------------------------------------------------
def add_cluster(lab: Lab, spec: dict) -> Cluster:
    """Store a cluster from its template entry (validated by template.py); every host joins
    in host-ID order, so host k of n has converged n - k times."""
    now = lab.clock.now().isoformat()
    ordered = sorted(spec["nodes"], key=lambda node: node["priority"])
    nodes = [_new_node(node, len(ordered) - index, now) for index, node in enumerate(ordered)]
    doc = {
        "name": spec["name"], "ip": spec["ip"], "mask": spec["mask"], "mode": spec["mode"],
        "members": [node["priority"] for node in nodes], "nodes": nodes, "port_rules": [],
    }
    for rule in spec["port_rules"]:
        doc["port_rules"].append(_new_rule(doc, rule["ip"], rule["start_port"], rule["end_port"], rule["protocol"],
                                           rule["mode"], rule["affinity"], 0))
    _sort_rules(doc)
    lab.store.put(KIND, spec["name"].lower(), doc)
    return _cluster(lab, doc)


def _new_node(node: dict, convergences: int, now: str) -> dict:
    computer = node["computer"].upper()
    guid = uuid.uuid5(_GUID_NAMESPACE, f"{computer}\\{node['adapter']}".lower())
    return {
        "computer": computer, "adapter": node["adapter"], "priority": node["priority"],
        "adapter_guid": f"{{{guid}}}", "stopped": False, "suspended": False, "drain_until": None,
        "last_connection": None, "convergences": convergences, "converged_at": now,
    }


def list_clusters(lab: Lab) -> list[Cluster]:
    return [_cluster(lab, _settled(lab, doc)) for _, doc in lab.store.list(KIND)]


def get_cluster(lab: Lab, name_or_ip: str) -> Cluster:
    """A cluster by its name (any case) or its IP address."""
    for cluster in list_clusters(lab):
        if name_or_ip.lower() in (cluster.name.lower(), cluster.ip):
            return cluster
    raise UnknownCluster(name_or_ip)


def cluster_for_address(lab: Lab, address: str) -> Cluster | None:
    return next((c for c in list_clusters(lab) if c.ip == address), None)


def cluster_of(lab: Lab, computer: str) -> Cluster:
    """The cluster a computer is a host of."""
    name = computers.get_computer(lab, computer).name
    for cluster in list_clusters(lab):
        if cluster.node(name) is not None:
            return cluster
    raise NotClusterHost(name)


def get_node(lab: Lab, cluster: Cluster, name: str) -> Node:
    """A host by computer name, FQDN or host ID."""
    for node in cluster.nodes:
        if name.lower() in (node.computer.lower(), str(node.priority)):
            return node
        if computers.get_computer(lab, node.computer).fqdn.lower() == name.lower():
            return node
    raise UnknownNode(name, cluster.name)


def _load(lab: Lab, cluster: str) -> dict:
    doc = lab.store.get(KIND, cluster.lower())
    if doc is None:
        raise UnknownCluster(cluster)
    return _settled(lab, doc)


def _save(lab: Lab, doc: dict) -> Cluster:
    lab.store.put(KIND, doc["name"].lower(), doc)
    return _cluster(lab, doc)


def _settled(lab: Lab, doc: dict) -> dict:
    """Finish drainstops whose connections have closed by now (the host leaves then)."""
    now = lab.clock.now()
    done = [n for n in doc["nodes"] if n["drain_until"] and datetime.fromisoformat(n["drain_until"]) <= now]
    for node in sorted(done, key=lambda n: n["drain_until"]):
        at = datetime.fromisoformat(node["drain_until"])
        node["drain_until"] = None
        _converge(lab, doc, at)
    if done:
        lab.store.put(KIND, doc["name"].lower(), doc)
    return doc


def _cluster(lab: Lab, doc: dict) -> Cluster:
    enabled = _nlb_adapters_enabled(lab, doc)
    default = min(_members(doc, enabled, accepting=True), default=None)
    nodes = tuple(
        Node(doc["name"], n["computer"], n["adapter"], n["priority"], n["adapter_guid"],
             _state(n, enabled[n["computer"]], default), n["convergences"], datetime.fromisoformat(n["converged_at"]))
        for n in sorted(doc["nodes"], key=lambda n: n["priority"])
    )
    rules = tuple(_rule(doc["name"], r) for r in doc["port_rules"])
    return Cluster(doc["name"], doc["ip"], doc["mask"], doc["mode"], tuple(doc["members"]), nodes, rules)


def _rule(cluster: str, r: dict) -> PortRule:
    hosts = {name: HostRule(h["load_weight"], h["priority"]) for name, h in r["hosts"].items()}
    return PortRule(cluster, r["ip"], r["start_port"], r["end_port"], r["protocol"], r["mode"], r["affinity"],
                    r["timeout"], hosts)


def _state(node: dict, adapter_enabled: bool, default: int | None) -> NodeState:
    if node["suspended"]:
        return NodeState.SUSPENDED
    if not adapter_enabled:
        return NodeState.DISCONNECTED
    if node["stopped"]:
        return NodeState.DRAINING if node["drain_until"] else NodeState.STOPPED
    return NodeState.DEFAULT if node["priority"] == default else NodeState.CONVERGED


def _nlb_adapters_enabled(lab: Lab, doc: dict) -> dict[str, bool]:
    enabled = {}
    for node in doc["nodes"]:
        adapters = computers.list_adapters(lab, node["computer"])
        enabled[node["computer"]] = any(a.enabled and a.name.lower() == node["adapter"].lower() for a in adapters)
    return enabled


def _members(doc: dict, enabled: dict[str, bool], accepting: bool = False) -> list[int]:
    """Host IDs in the cluster; `accepting`: only those taking new connections (not draining)."""
    return sorted(
        n["priority"] for n in doc["nodes"]
        if enabled[n["computer"]] and not n["suspended"] and (not n["stopped"] or (n["drain_until"] and not accepting))
    )


# -- convergence --------------------------------------------------------------------------
def _converge(lab: Lab, doc: dict, at: datetime | None = None) -> None:
    """Membership or rules changed: every member converges again (at `at`, default now)."""
    members = _members(doc, _nlb_adapters_enabled(lab, doc))
    stamp = (at or lab.clock.now()).isoformat()
    for node in doc["nodes"]:
        if node["priority"] in members:
            node["convergences"] += 1
            node["converged_at"] = stamp
    doc["members"] = members


def adapter_changed(lab: Lab, computer: str, adapter: str) -> None:
    """Adapter hook (computers.ADAPTER_HOOKS): a host's NLB adapter going down or up makes it
    leave or rejoin its cluster, and the members converge."""
    for _, doc in lab.store.list(KIND):
        doc = _settled(lab, doc)
        hosts_it = any(n["computer"] == computer.upper() and n["adapter"].lower() == adapter.lower()
                       for n in doc["nodes"])
        if hosts_it and _members(doc, _nlb_adapters_enabled(lab, doc)) != doc["members"]:
            _converge(lab, doc)
            _save(lab, doc)


def _change_node(lab: Lab, computer: str, **changes: Any) -> tuple[Node, bool]:
    """Apply flag changes to a host; converge when they change the membership."""
    cluster = cluster_of(lab, computer)
    doc = _load(lab, cluster.name)
    node = next(n for n in doc["nodes"] if n["computer"] == computer.upper())
    changed = any(node[key] != value for key, value in changes.items())
    node.update(changes)
    if _members(doc, _nlb_adapters_enabled(lab, doc)) != doc["members"]:
        _converge(lab, doc)
    result = _save(lab, doc)
    return result.node(computer), changed


def start_node(lab: Lab, computer: str) -> tuple[Node, bool]:
    """`nlb start` / Start-NlbClusterNode: (the host, whether it was not started already).
    A suspended host stays suspended (resume it first)."""
    node = cluster_of(lab, computer).node(computer)
    if node.state is NodeState.SUSPENDED:
        return node, False
    return _change_node(lab, computer, stopped=False, drain_until=None)


def stop_node(lab: Lab, computer: str) -> tuple[Node, bool]:
    """Stop at once: open connections are dropped."""
    node = cluster_of(lab, computer).node(computer)
    if node.state is NodeState.SUSPENDED:
        return node, False
    return _change_node(lab, computer, stopped=True, drain_until=None)


def drain_stop(lab: Lab, computer: str) -> tuple[Node, bool]:
    """`nlb drainstop`: refuse new connections, stop when the open ones have closed."""
    cluster = cluster_of(lab, computer)
    node = cluster.node(computer)
    if node.state in (NodeState.SUSPENDED, NodeState.STOPPED, NodeState.DRAINING):
        return node, False
    doc = _load(lab, cluster.name)
    last = next(n["last_connection"] for n in doc["nodes"] if n["computer"] == node.computer)
    until = datetime.fromisoformat(last) + IDLE_CONNECTION if last else None
    if until is None or until <= lab.clock.now():
        return _change_node(lab, computer, stopped=True, drain_until=None)
    return _change_node(lab, computer, stopped=True, drain_until=until.isoformat())


def wait_for_drain(lab: Lab, computer: str, timeout: timedelta | None) -> Node:
    """Stop-NlbClusterNode -Drain: wait (moving lab time) until the host has drained, or for
    `timeout`, then stop it, dropping what is left."""
    doc = _load(lab, cluster_of(lab, computer).name)
    until = next(n["drain_until"] for n in doc["nodes"] if n["computer"] == computer.upper())
    if until is not None:
        wait = datetime.fromisoformat(until) - lab.clock.now()
        lab.clock.advance(wait if timeout is None else min(wait, timeout))
    node, _ = stop_node(lab, computer)
    return node


def suspend_node(lab: Lab, computer: str) -> tuple[Node, bool]:
    """`nlb suspend`: stop and ignore every control command until resumed."""
    return _change_node(lab, computer, suspended=True, stopped=True, drain_until=None)


def resume_node(lab: Lab, computer: str) -> tuple[Node, bool]:
    """`nlb resume`: accept control commands again; the host stays stopped (§15.1)."""
    return _change_node(lab, computer, suspended=False)


# -- port rules ---------------------------------------------------------------------------
def find_port_rule(cluster: Cluster, port: int, ip: str = ALL) -> PortRule:
    """The rule of address `ip` ("All" or a cluster address) whose range contains `port`."""
    for rule in cluster.port_rules:
        if rule.ip == _rule_ip(ip) and rule.start_port <= port <= rule.end_port:
            return rule
    raise PortRuleNotFound(port, ip)


def add_port_rule(lab: Lab, cluster: str, start_port: int, end_port: int, protocol: str = "Both",
                  mode: str = "Multiple", affinity: str = "Single", ip: str = ALL, timeout: int = 0) -> PortRule:
    """A new rule on every host (each gets equal load and its host ID as handling priority)."""
    doc = _load(lab, cluster)
    if len(doc["port_rules"]) >= MAX_PORT_RULES:
        raise InvalidPortRule(
            f"The NLB cluster '{doc['name']}' already has the maximum of {MAX_PORT_RULES} port rules.")
    rule = _new_rule(doc, ip, start_port, end_port, protocol, mode, affinity, timeout)
    doc["port_rules"].append(rule)
    _sort_rules(doc)
    _converge(lab, doc)
    _save(lab, doc)
    return _rule(doc["name"], rule)


def set_port_rule(lab: Lab, cluster: str, port: int, rule_ip: str = ALL, /, **changes: Any) -> PortRule:
    """Change the rule of `rule_ip` found by a port it covers; `changes` keys: ip (the rule's new
    address), start_port, end_port, protocol, mode, affinity, timeout."""
    doc = _load(lab, cluster)
    current = find_port_rule(_cluster(lab, doc), port, rule_ip)
    index = _rule_index(doc, current)
    old = doc["port_rules"].pop(index)
    values = {key: old[key] for key in ("ip", "start_port", "end_port", "protocol", "mode", "affinity", "timeout")}
    values.update(changes)
    rule = _new_rule(doc, **values)
    rule["hosts"] = old["hosts"]
    doc["port_rules"].append(rule)
    _sort_rules(doc)
    _converge(lab, doc)
    _save(lab, doc)
    return _rule(doc["name"], rule)


def remove_port_rule(lab: Lab, cluster: str, port: int, ip: str = ALL) -> PortRule:
    doc = _load(lab, cluster)
    rule = find_port_rule(_cluster(lab, doc), port, ip)
    doc["port_rules"].pop(_rule_index(doc, rule))
    _converge(lab, doc)
    _save(lab, doc)
    return rule


def set_host_rule(lab: Lab, cluster: str, port: int, computer: str, ip: str = ALL,
                  load_weight: Any = ..., priority: Any = ...) -> PortRule:
    """A host's own settings for one rule: load weight 0-100 (None: equal load) and handling
    priority 1-32, unique among the hosts of the rule."""
    doc = _load(lab, cluster)
    rule = find_port_rule(_cluster(lab, doc), port, ip)
    node = get_node(lab, _cluster(lab, doc), computer)
    stored = doc["port_rules"][_rule_index(doc, rule)]
    settings = stored["hosts"][node.computer]
    if load_weight is not ... and load_weight is not None and not 0 <= load_weight <= 100:
        raise InvalidPortRule(f"The load weight {load_weight} is not valid; it must be between 0 and 100.")
    if priority is not ...:
        _check_handling_priority(stored, node.computer, priority)
        settings["priority"] = priority
    if load_weight is not ...:
        settings["load_weight"] = load_weight
    _converge(lab, doc)
    _save(lab, doc)
    return _rule(doc["name"], stored)


def _check_handling_priority(rule: dict, computer: str, priority: int) -> None:
    if not 1 <= priority <= 32:
        raise InvalidPortRule(f"The handling priority {priority} is not valid; it must be between 1 and 32.")
    taken = {h["priority"]: name for name, h in rule["hosts"].items() if name != computer}
    if priority in taken:
        raise InvalidPortRule(f"The handling priority {priority} is already used by host {taken[priority]}.")


def _rule_ip(ip: str) -> str:
    """Rules are stored with "All" for the all-addresses rule, however it was written."""
    return ALL if ip.lower() in (ALL.lower(), ALL_ADDRESS) else ip


def _new_rule(doc: dict, ip: str, start_port: int, end_port: int, protocol: str, mode: str, affinity: str,
              timeout: int) -> dict:
    """A validated rule dict for `doc` (not yet added)."""
    ip = _rule_ip(ip)
    if ip != ALL and ip != doc["ip"]:
        raise InvalidPortRule(f"The IP address {ip} is not a cluster IP address of the NLB cluster '{doc['name']}'.")
    for port in (start_port, end_port):
        if not 0 <= port <= 65535:
            raise InvalidPortRule(f"The port {port} is not valid; ports must be between 0 and 65535.")
    if start_port > end_port:
        raise InvalidPortRule(f"The start port {start_port} is greater than the end port {end_port}.")
    for value, allowed in ((protocol, PROTOCOLS), (mode, FILTERING_MODES), (affinity, AFFINITIES)):
        if value not in allowed:
            raise InvalidPortRule(f"'{value}' is not one of {', '.join(allowed)}.")
    if not 0 <= timeout <= 240:
        raise InvalidPortRule(f"The timeout {timeout} is not valid; it must be between 0 and 240 minutes.")
    for other in doc["port_rules"]:
        if other["ip"] == ip and other["start_port"] <= end_port and start_port <= other["end_port"]:
            raise InvalidPortRule(
                f"The port range {start_port}-{end_port} overlaps the port rule {other['start_port']}-"
                f"{other['end_port']} of the NLB cluster '{doc['name']}'.")
    hosts = {n["computer"]: {"load_weight": None, "priority": n["priority"]} for n in doc["nodes"]}
    return {"ip": ip, "start_port": start_port, "end_port": end_port, "protocol": protocol, "mode": mode,
            "affinity": affinity, "timeout": timeout, "hosts": hosts}


def _sort_rules(doc: dict) -> None:
    doc["port_rules"].sort(key=lambda r: (r["ip"] != ALL, r["ip"], r["start_port"]))


def _rule_index(doc: dict, rule: PortRule) -> int:
    return next(i for i, r in enumerate(doc["port_rules"]) if (r["ip"], r["start_port"]) == (rule.ip, rule.start_port))


# -- routing ------------------------------------------------------------------------------
def route(lab: Lab, cluster: str, client_ip: str, client_port: int, port: int, protocol: str = "tcp") -> Route:
    """Which host takes a new connection from client_ip:client_port to the cluster on `port`.
    The host that takes it records the time (a later drainstop waits for it)."""
    doc = _load(lab, cluster)
    state = _cluster(lab, doc)
    live = [n for n in state.nodes if n.state in (NodeState.CONVERGED, NodeState.DEFAULT)]
    rule = _matching_rule(state, port, protocol)
    if rule is not None and rule.mode == "Disabled":
        return Route(None, rule, "disabled")
    if rule is None:
        chosen = state.default_host
    elif rule.mode == "Single":
        chosen = min(live, key=lambda n: rule.hosts[n.computer].priority, default=None)
    else:
        chosen = _by_bucket(rule, live, _affinity_key(rule.affinity, client_ip, client_port))
    if chosen is None:
        return Route(None, rule, "unhandled")
    for node in doc["nodes"]:
        if node["computer"] == chosen.computer:
            node["last_connection"] = lab.clock.now().isoformat()
    _save(lab, doc)
    return Route(chosen.computer, rule, "accepted")


def _matching_rule(cluster: Cluster, port: int, protocol: str) -> PortRule | None:
    """A rule for the cluster's own address wins over an "All" rule (§5.1)."""
    covering = [r for r in cluster.port_rules if r.covers(port, protocol)]
    specific = [r for r in covering if r.ip == cluster.ip]
    return (specific or covering or [None])[0]


def _affinity_key(affinity: str, client_ip: str, client_port: int) -> str:
    if affinity == "None":
        return f"{client_ip}:{client_port}"
    if affinity == "Network":
        return str(ipaddress.IPv4Network(f"{client_ip}/24", strict=False).network_address)
    return client_ip


def _by_bucket(rule: PortRule, live: list[Node], key: str) -> Node | None:
    """The live host owning the client's bucket (None when every live host has weight 0)."""
    bucket = _hash(f"{HASH_SALT}|{key}") % BUCKETS  # the same for every rule, as in NLB
    owner = _bucket_owners(rule, live).get(bucket)
    return next((node for node in live if node.computer == owner), None)


def _bucket_owners(rule: PortRule, live: list[Node]) -> dict[int, str]:
    """Each host owns its weight's share of the 60 buckets (largest remainder). Buckets are dealt
    by preference: every bucket ranks the hosts by a stable hash (rendezvous hashing), first
    choices are honoured while the host has room, then second choices, and so on; so a host
    joining or leaving moves few buckets besides its own."""
    weights = {}
    for node in live:
        weight = rule.hosts[node.computer].load_weight
        weights[node.computer] = EQUAL_LOAD_WEIGHT if weight is None else weight
    weights = {name: weight for name, weight in weights.items() if weight > 0}
    if not weights:
        return {}
    total = sum(weights.values())
    exact = {name: BUCKETS * weight / total for name, weight in weights.items()}
    room = {name: math.floor(share) for name, share in exact.items()}
    for name in sorted(exact, key=lambda n: (room[n] - exact[n], n))[:BUCKETS - sum(room.values())]:
        room[name] += 1
    ranking = {b: sorted(weights, key=lambda n: _hash(f"{HASH_SALT}|{b}|{n}"), reverse=True) for b in range(BUCKETS)}
    owners: dict[int, str] = {}
    for choice in range(len(weights)):
        for bucket in range(BUCKETS):
            name = ranking[bucket][choice]
            if bucket not in owners and room[name] > 0:
                owners[bucket] = name
                room[name] -= 1
    return owners


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
