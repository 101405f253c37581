"""Windows NLB: the NetworkLoadBalancingClusters cmdlets and nlb.exe / wlbs.exe.

The cmdlets (exchange-cmdlets.md §15, adcs-nlb-autodiscover.md §5.4) came with Windows Server
2008 R2; the lab's 2003 servers would only have nlb.exe / wlbs.exe (§5.5), but both are offered
(docs/fidelity.md). They run against the host named by -HostName (reached over the lab network
like WMI over RPC) or, by default, the computer the shell runs on. The cluster logic is the
lab's (`emshell.lab.nlb`); this module binds parameters, wraps hosts, clusters and rules in the
module's objects and writes nlb.exe's texts (the 2003 message table of the WLBS control
utility: "Cluster operations stopped.", "Host 1 converged as DEFAULT ...").
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any, Callable, ClassVar, NoReturn

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.native import NativeContext
from emshell.engine.objects import PSEnum, PSObject, format_datetime, to_string, type_name
from emshell.engine.types import PSType, register_enum
from emshell.formatting.views import ListItem, ListView, TableColumn, TableView, register_view
from emshell.lab import computers, network, nlb
from emshell.lab.lab import Lab, LabError

_NLB = "Microsoft.NetworkLoadBalancingClusters.PowerShell."
RPC_PORT = 135  # the cmdlets reach a remote host through WMI (DCOM over RPC)
RPC_UNAVAILABLE = "The RPC server is unavailable. (Exception from HRESULT: 0x800706BA)"

# -- enumerations -------------------------------------------------------------------------------
# MicrosoftNLB_PortRuleEx numbering (§5.1); `None` is a Python keyword, hence the functional form.
PortRuleProtocol = PSEnum("PortRuleProtocol", [("Tcp", 1), ("Udp", 2), ("Both", 3)])
PortRuleProtocol.__ps_type__ = _NLB + "PortRuleProtocol"
PortRuleFilteringMode = PSEnum("PortRuleFilteringMode", [("Single", 1), ("Multiple", 2), ("Disabled", 3)])
PortRuleFilteringMode.__ps_type__ = _NLB + "PortRuleFilteringMode"
PortRuleAffinity = PSEnum("PortRuleAffinity", [("None", 0), ("Single", 1), ("Network", 2)])
PortRuleAffinity.__ps_type__ = _NLB + "PortRuleAffinity"
for _enum in (PortRuleProtocol, PortRuleFilteringMode, PortRuleAffinity):
    register_enum(_enum)

# How Get-NlbClusterNode shows a host's state (§15.1). A host whose NLB adapter is disabled
# no longer handles cluster traffic; it is shown Stopped (an assumption, docs/fidelity.md).
NODE_STATES = {
    nlb.NodeState.CONVERGED: "Converged", nlb.NodeState.DEFAULT: "Converged(default)",
    nlb.NodeState.DRAINING: "Draining", nlb.NodeState.STOPPED: "Stopped",
    nlb.NodeState.SUSPENDED: "Suspended", nlb.NodeState.DISCONNECTED: "Stopped",
}


# -- objects ------------------------------------------------------------------------------------
class NlbCluster(PSObject):
    TYPE_NAMES = (_NLB + "Cluster", "System.Object")
    PROPERTIES = ("Name", "IPAddress", "SubnetMask", "Mode")

    def __init__(self, cluster: nlb.Cluster, host: str) -> None:
        self.Name = cluster.name
        self.IPAddress = cluster.ip
        self.SubnetMask = cluster.mask
        self.Mode = cluster.mode.upper()
        self.host = host  # the computer the cmdlet talked to


class NlbNode(PSObject):
    TYPE_NAMES = (_NLB + "Node", "System.Object")
    PROPERTIES = ("Cluster", "Name", "InterfaceName", "Host", "State", "HostPriority", "AdapterGuid",
                  "InitialHostState", "PersistSuspendOnReboot", "MaskSourceMac", "FilterIcmp", "GreDescriptorTimeout")

    def __init__(self, node: nlb.Node, host_name: str) -> None:
        self.Cluster = node.cluster
        self.Name = node.computer
        self.InterfaceName = node.adapter
        self.Host = host_name
        self.State = NODE_STATES[node.state]
        self.HostPriority = node.priority
        self.AdapterGuid = node.adapter_guid
        # Defaults as Get-NlbClusterNode | fl * shows them (§15.3).
        self.InitialHostState = "Started"
        self.PersistSuspendOnReboot = True
        self.MaskSourceMac = True
        self.FilterIcmp = 0
        self.GreDescriptorTimeout = 10


class NlbPortRule(PSObject):
    TYPE_NAMES = (_NLB + "PortRule", "System.Object")
    PROPERTIES = ("Cluster", "NodeName", "VirtualIPAddress", "StartPort", "EndPort", "Affinity", "FilteringMode",
                  "Protocol", "EqualLoad", "LoadWeight", "PortState", "Priority", "Timeout")

    def __init__(self, rule: nlb.PortRule, host: str, node_name: str) -> None:
        settings = rule.hosts[host]
        self.Cluster = rule.cluster
        self.NodeName = node_name
        self.VirtualIPAddress = nlb.ALL_ADDRESS if rule.ip == nlb.ALL else rule.ip
        self.StartPort = rule.start_port
        self.EndPort = rule.end_port
        self.Affinity = PortRuleAffinity[rule.affinity]
        self.FilteringMode = PortRuleFilteringMode[rule.mode]
        self.Protocol = PortRuleProtocol[rule.protocol]
        self.EqualLoad = settings.load_weight is None
        self.LoadWeight = nlb.EQUAL_LOAD_WEIGHT if settings.load_weight is None else settings.load_weight
        self.PortState = "Enabled"
        self.Priority = settings.priority
        self.Timeout = rule.timeout
        self.host = host
        self.ip = rule.ip


def _rule_address(rule: NlbPortRule) -> str:
    return "All" if rule.VirtualIPAddress == nlb.ALL_ADDRESS else rule.VirtualIPAddress


_W = 19  # the module's tables use fixed 19/9-character columns (§15.1 samples)
register_view(_NLB + "Cluster", TableView((
    TableColumn("Name", "Name", _W), TableColumn("IPAddress", "IPAddress", _W),
    TableColumn("SubnetMask", "SubnetMask", _W), TableColumn("Mode", "Mode", _W))))
register_view(_NLB + "Node", TableView((
    TableColumn("Name", "Name", _W), TableColumn("State", "State", _W),
    TableColumn("Interface", "InterfaceName", _W), TableColumn("HostID", "HostPriority", _W))))
register_view(_NLB + "Node", ListView(tuple(ListItem(name, name) for name in NlbNode.PROPERTIES)))
register_view(_NLB + "PortRule", TableView((
    TableColumn("IPAddress", _rule_address, 9), TableColumn("State", "PortState", 9),
    TableColumn("Start", "StartPort", 9), TableColumn("End", "EndPort", 9), TableColumn("Protocol", "Protocol", 9),
    TableColumn("Mode", "FilteringMode", 9), TableColumn("Affinity", "Affinity", 9),
    TableColumn("Timeout", "Timeout", 9))))
register_view(_NLB + "PortRule", ListView(tuple(ListItem(name, name) for name in NlbPortRule.PROPERTIES)))


def _object_type(cls: type, label: str) -> PSType:
    """A parameter type that takes only objects of `cls` (one or an array), as the binder reports."""
    full_name = cls.TYPE_NAMES[0]

    def convert(value: Any) -> Any:
        items = value if isinstance(value, list) else [value]
        for item in items:
            if not isinstance(item, cls):
                raise conv.ConversionError(f'Cannot convert the "{to_string(item)}" value of type '
                                           f'"{type_name(item)}" to type "{full_name}{label}".')
        return value

    return PSType(full_name + label, convert, lambda v: isinstance(v, cls))


CLUSTER_INPUT = _object_type(NlbCluster, "")
NODE_INPUT = _object_type(NlbNode, "")
NODES_INPUT = _object_type(NlbNode, "[]")
RULES_INPUT = _object_type(NlbPortRule, "[]")


def _items(value: Any) -> list:
    return value if isinstance(value, list) else [value]


# -- common behaviour ---------------------------------------------------------------------------
_HOST_HELP = ("The name of the cluster host against which this cmdlet is run. If omitted or \".\", the "
              "local cluster is assumed.")
_INTERFACE_HELP = "The interface to which NLB is bound on the host."
_ERROR_IDS = {
    "UnknownCluster": "ClusterNotFound", "NotClusterHost": "ClusterNotFound", "UnknownNode": "NodeNotFound",
    "PortRuleNotFound": "PortRuleNotFound", "InvalidPortRule": "InvalidPortRule",
}


# [ValidateRange] of the module's numeric parameters (§15.6, §15.7, §5.1).
PORT_RANGE = (0, 65535)
TIMEOUT_RANGE = (0, 240)


class NlbCmdlet(Cmdlet):
    """Finding the host a cmdlet runs against, its cluster, and reporting lab errors."""

    def fail(self, error: LabError, target: Any = None) -> NoReturn:
        name = type(error).__name__
        category = "ObjectNotFound" if "NotFound" in _ERROR_IDS.get(name, "") else "InvalidArgument"
        self.throw_terminating(str(error), _ERROR_IDS.get(name, name), category, target)

    def host_computer(self, host_name: str | None) -> str:
        """The computer -HostName names (the local one for none or "."), reached over RPC."""
        if host_name in (None, "", "."):
            return self.computer
        try:
            return network.connect(self.lab, self.computer, host_name, RPC_PORT).server
        except network.NetworkError:
            self.throw_terminating(RPC_UNAVAILABLE, "HostUnavailable", "ResourceUnavailable", host_name,
                                   "COMException")

    def local_cluster(self, host_name: str | None, interface: str | None = None) -> tuple[nlb.Cluster, nlb.Node]:
        computer = self.host_computer(host_name)
        try:
            cluster = nlb.cluster_of(self.lab, computer)
        except LabError as error:
            self.fail(error, host_name or computer)
        node = cluster.node(computer)
        if interface is not None and interface.lower() != node.adapter.lower():
            self.throw_terminating(f"The interface '{interface}' on host '{node.computer}' is not bound to NLB.",
                                   "InterfaceNotFound", "ObjectNotFound", interface)
        return cluster, node

    def fresh(self, cluster_name: str) -> nlb.Cluster:
        return nlb.get_cluster(self.lab, cluster_name)


# -- clusters and nodes -------------------------------------------------------------------------
class GetNlbCluster(NlbCmdlet):
    name = "Get-NlbCluster"
    dotnet_class = _NLB + "GetNlbCluster"
    synopsis = "Retrieves information about the NLB cluster of a host."
    description = ("Gets the Network Load Balancing cluster the host belongs to: its name, cluster IP "
                   "address, subnet mask and operation mode.")
    parameters = (Param("HostName", str, position=0, help=_HOST_HELP, aliases=("hn",)),
                  Param("InterfaceName", str, position=1, help=_INTERFACE_HELP))
    examples = (Example("Get-NlbCluster", "Gets the cluster of the local host."),
                Example("Get-NlbCluster -HostName CAS02", "Gets the cluster of host CAS02."))

    def process(self) -> None:
        cluster, node = self.local_cluster(self.HostName, self.InterfaceName)
        self.write_object(NlbCluster(cluster, node.computer))


class GetNlbClusterNode(NlbCmdlet):
    name = "Get-NlbClusterNode"
    dotnet_class = _NLB + "GetNlbClusterNode"
    synopsis = "Retrieves information about the hosts of an NLB cluster."
    description = ("Gets the hosts of the cluster with their state (Converged, Converged(default) for the "
                   "default host, Draining, Stopped, Suspended), interface and host ID.")
    parameters = (
        Param("NodeName", str, position=0, aliases=("nn",), help="The host to get; all hosts when omitted."),
        Param("HostName", str, help=_HOST_HELP),
        Param("InterfaceName", str, sets=("NonPipeline",), help=_INTERFACE_HELP),
        Param("InputObject", CLUSTER_INPUT, mandatory=True, sets=("Pipeline",), pipeline=True,
              pipeline_by_name=True, display_type="Cluster", help="The cluster whose hosts to get."),
    )
    default_set = "NonPipeline"
    examples = (Example("Get-NlbClusterNode", "Gets every host of the local cluster."),
                Example("Get-NlbClusterNode -NodeName CAS01 | Format-List *", "Shows every property of CAS01."))

    def process(self) -> None:
        if self.InputObject is not None:
            clusters = [self.fresh(c.Name) for c in _items(self.InputObject)]
        else:
            clusters = [self.local_cluster(self.HostName, self.InterfaceName)[0]]
        for cluster in clusters:
            nodes = cluster.nodes
            if self.NodeName is not None:
                try:
                    nodes = (nlb.get_node(self.lab, cluster, self.NodeName),)
                except LabError as error:
                    self.fail(error, self.NodeName)
            self.write_objects(NlbNode(node, self.HostName or "") for node in nodes)


class _NodeControl(NlbCmdlet):
    """Start/Stop/Suspend/Resume-NlbClusterNode: -HostName (the local host) or -InputObject nodes."""

    node_parameters = (
        Param("HostName", str, position=0, sets=("NonPipeline",), aliases=("hn",), help=_HOST_HELP),
        Param("InterfaceName", str, sets=("NonPipeline",), help=_INTERFACE_HELP),
        Param("InputObject", NODES_INPUT, mandatory=True, sets=("Pipeline",), pipeline=True, pipeline_by_name=True,
              display_type="Node[]", help="The hosts to act on (from Get-NlbClusterNode)."),
    )
    default_set = "NonPipeline"
    action: ClassVar[Callable[[Lab, str], tuple[nlb.Node, bool]]]  # the lab operation of the cmdlet

    def targets(self) -> list[str]:
        if self.InputObject is not None:
            return [node.Name for node in _items(self.InputObject)]
        _, node = self.local_cluster(self.HostName, self.InterfaceName)
        return [node.computer]

    def process(self) -> None:
        for computer in self.targets():
            node = self.act(computer)
            self.write_object(NlbNode(node, self.HostName or ""))

    def act(self, computer: str) -> nlb.Node:
        return type(self).action(self.lab, computer)[0]


class StopNlbClusterNode(_NodeControl):
    name = "Stop-NlbClusterNode"
    dotnet_class = _NLB + "StopNlbClusterNode"
    synopsis = "Stops a host of an NLB cluster."
    description = ("Stops cluster operations on a host: the others converge without it. Stopping drops the "
                   "connections in progress; with -Drain the host refuses new connections and stops when its "
                   "open ones have closed, or after -Timeout minutes.")
    parameters = _NodeControl.node_parameters + (
        Param("Drain", Switch, help="Lets existing connections finish before the host stops."),
        Param("Timeout", int, validate_range=(0, 2**32 - 1), display_type="UInt32",
              help="Minutes to wait for draining before dropping the remaining connections."),
    )
    examples = (Example("Stop-NlbClusterNode CAS02", "Stops host CAS02."),
                Example("Stop-NlbClusterNode -Drain -Timeout 10",
                        "Drains the local host, waiting at most 10 minutes, then stops it."))

    def act(self, computer: str) -> nlb.Node:
        if not self.Drain:
            return nlb.stop_node(self.lab, computer)[0]
        nlb.drain_stop(self.lab, computer)
        timeout = None if self.Timeout is None else timedelta(minutes=self.Timeout)
        return nlb.wait_for_drain(self.lab, computer, timeout)


class StartNlbClusterNode(_NodeControl):
    name = "Start-NlbClusterNode"
    dotnet_class = _NLB + "StartNlbClusterNode"
    synopsis = "Starts a host of an NLB cluster."
    description = "Starts cluster operations on a stopped host: it rejoins the cluster and the hosts converge."
    parameters = _NodeControl.node_parameters
    examples = (Example("Start-NlbClusterNode CAS02", "Starts host CAS02."),
                Example("Get-NlbClusterNode CAS02 | Start-NlbClusterNode", "The same, through the pipeline."))
    action = staticmethod(nlb.start_node)


class SuspendNlbClusterNode(_NodeControl):
    name = "Suspend-NlbClusterNode"
    dotnet_class = _NLB + "SuspendNlbClusterNode"
    synopsis = "Suspends a host of an NLB cluster."
    description = "Stops the host and makes it ignore cluster control commands until it is resumed."
    parameters = _NodeControl.node_parameters
    examples = (Example("Suspend-NlbClusterNode CAS02", "Suspends host CAS02."),)
    action = staticmethod(nlb.suspend_node)


class ResumeNlbClusterNode(_NodeControl):
    name = "Resume-NlbClusterNode"
    dotnet_class = _NLB + "ResumeNlbClusterNode"
    synopsis = "Resumes a suspended host of an NLB cluster."
    description = "Lets a suspended host take control commands again; it stays stopped until started."
    parameters = _NodeControl.node_parameters
    examples = (Example("Resume-NlbClusterNode CAS02; Start-NlbClusterNode CAS02", "Resumes and starts CAS02."),)
    action = staticmethod(nlb.resume_node)


# -- port rules ---------------------------------------------------------------------------------
_PORT_HELP = "A port the rule's range contains."
_IP_HELP = "The cluster IP address of the rule; the \"All\" rules when omitted."


def _rule_objects(cluster: nlb.Cluster, host: str, node_name: str, port: int | None,
                  ip: str | None) -> list[NlbPortRule]:
    rules = [r for r in cluster.port_rules
             if (port is None or r.start_port <= port <= r.end_port) and (ip is None or r.ip == _ip(ip))]
    return [NlbPortRule(rule, host, node_name) for rule in rules]


def _ip(text: str | None) -> str:
    return nlb.ALL if text is None or text.lower() in ("all", nlb.ALL_ADDRESS) else text


class GetNlbClusterPortRule(NlbCmdlet):
    name = "Get-NlbClusterPortRule"
    dotnet_class = _NLB + "GetNlbClusterPortRule"
    synopsis = "Retrieves the port rules of an NLB cluster."
    description = ("Gets the cluster's port rules, or the one whose range contains -Port. Piped host objects "
                   "give each host's own load weight and handling priority.")
    parameters = (
        Param("Port", int, position=0, validate_range=PORT_RANGE, help=_PORT_HELP),
        Param("HostName", str, sets=("NonPipeline",), help=_HOST_HELP),
        Param("InterfaceName", str, sets=("NonPipeline",), help=_INTERFACE_HELP),
        Param("NodeName", str, sets=("NonPipeline",), help="The host whose settings to show."),
        Param("IP", str, help=_IP_HELP, display_type="IPAddress"),
        Param("InputObject", object, mandatory=True, sets=("Pipeline",), pipeline=True,
              display_type="PSObject", help="Clusters or hosts (from Get-NlbCluster or Get-NlbClusterNode)."),
    )
    default_set = "NonPipeline"
    examples = (Example("Get-NlbClusterPortRule", "Gets every port rule of the local cluster."),
                Example("Get-NlbClusterPortRule -Port 443", "Gets the rule that handles port 443."),
                Example("Get-NlbClusterNode | Get-NlbClusterPortRule | Format-List *",
                        "Shows each host's load weight and handling priority for each rule."))

    def process(self) -> None:
        if self.InputObject is None:
            cluster, node = self.local_cluster(self.HostName, self.InterfaceName)
            host, node_name = node.computer, ""
            if self.NodeName is not None:
                host = node_name = self.node(cluster, self.NodeName).computer
            self.write_objects(_rule_objects(cluster, host, node_name, self.Port, self.IP))
            return
        for item in _items(self.InputObject):
            self.write_objects(self.rules_of(item))

    def rules_of(self, item: Any) -> list[NlbPortRule]:
        if isinstance(item, NlbNode):
            return _rule_objects(self.fresh(item.Cluster), item.Name, item.Name, self.Port, self.IP)
        if isinstance(item, NlbCluster):
            return _rule_objects(self.fresh(item.Name), item.host, "", self.Port, self.IP)
        self.throw_terminating(f"The input object of type \"{type_name(item)}\" is not an NLB cluster or node.",
                               "InvalidInputObject", "InvalidArgument", item)

    def node(self, cluster: nlb.Cluster, name: str) -> nlb.Node:
        try:
            return nlb.get_node(self.lab, cluster, name)
        except LabError as error:
            self.fail(error, name)


_RULE_OPTIONS = (
    Param("Protocol", PortRuleProtocol, aliases=("ptcl",), help="Tcp, Udp or Both (the default)."),
    Param("Mode", PortRuleFilteringMode, help="Multiple (the default), Single or Disabled."),
    Param("Affinity", PortRuleAffinity, help="Single (the default), None or Network; Multiple mode only."),
    Param("Timeout", int, validate_range=TIMEOUT_RANGE, help="The affinity timeout in minutes, 0-240."),
    Param("IP", str, help=_IP_HELP, display_type="IPAddress"),
)


class AddNlbClusterPortRule(NlbCmdlet):
    name = "Add-NlbClusterPortRule"
    dotnet_class = _NLB + "AddNlbClusterPortRule"
    synopsis = "Adds a port rule to an NLB cluster."
    description = ("Adds a rule for a port range on every host; the hosts converge again. Ranges of rules of "
                   "the same cluster IP address may not overlap, and a cluster has at most 32 rules. A "
                   "Disabled rule drops the range's traffic (how SMTP is kept out of the cluster).")
    parameters = (
        Param("StartPort", int, position=0, mandatory=True, validate_range=PORT_RANGE,
              help="The first port of the range, 0-65535."),
        Param("EndPort", int, position=1, mandatory=True, validate_range=PORT_RANGE,
              help="The last port of the range, 0-65535."),
        Param("InterfaceName", str, mandatory=True, sets=("NonPipeline",), help=_INTERFACE_HELP),
        Param("HostName", str, sets=("NonPipeline",), help=_HOST_HELP),
        Param("InputObject", CLUSTER_INPUT, mandatory=True, sets=("Pipeline",), pipeline=True,
              pipeline_by_name=True, display_type="Cluster", help="The cluster (from Get-NlbCluster)."),
    ) + _RULE_OPTIONS
    default_set = "NonPipeline"
    examples = (Example("Get-NlbCluster | Add-NlbClusterPortRule -StartPort 443 -EndPort 443",
                        "Adds a rule for port 443 with the default settings."),
                Example("Get-NlbCluster | Add-NlbClusterPortRule -StartPort 25 -EndPort 25 -Mode Disabled",
                        "Keeps SMTP out of the cluster: the cluster address drops port 25."))

    def process(self) -> None:
        if self.InputObject is not None:
            cluster, host = self.fresh(self.InputObject.Name), self.InputObject.host
        else:
            cluster, node = self.local_cluster(self.HostName, self.InterfaceName)
            host = node.computer
        options = {"protocol": self.Protocol, "mode": self.Mode, "affinity": self.Affinity}
        chosen = {key: value.name for key, value in options.items() if value is not None}
        try:
            rule = nlb.add_port_rule(self.lab, cluster.name, self.StartPort, self.EndPort, ip=_ip(self.IP),
                                     timeout=self.Timeout or 0, **chosen)
        except LabError as error:
            self.fail(error, self.StartPort)
        self.write_object(NlbPortRule(rule, host, ""))


class _RuleChange(NlbCmdlet):
    """Set/Remove-NlbClusterPortRule and the per-host setters: the rules they act on."""

    rule_parameters = (
        Param("Port", int, position=0, sets=("NonPipeline",), validate_range=PORT_RANGE, help=_PORT_HELP),
        Param("HostName", str, sets=("NonPipeline",), help=_HOST_HELP),
        Param("InterfaceName", str, sets=("NonPipeline",), help=_INTERFACE_HELP),
        Param("IP", str, sets=("NonPipeline",), help=_IP_HELP, display_type="IPAddress"),
        Param("InputObject", RULES_INPUT, mandatory=True, sets=("Pipeline",), pipeline=True,
              display_type="PortRule[]", help="The rules (from Get-NlbClusterPortRule)."),
    )
    default_set = "NonPipeline"

    def targets(self) -> list[tuple[str, str, int, str]]:
        """(cluster, address, a port of the rule, host) for each rule to change."""
        if self.InputObject is not None:
            return [(r.Cluster, r.ip, r.StartPort, r.host) for r in _items(self.InputObject)]
        cluster, node = self.local_cluster(self.HostName, self.InterfaceName)
        address = _ip(self.IP)
        port = self.Port
        if port is None:
            rules = [r for r in cluster.port_rules if r.ip == address]
            if len(rules) != 1:
                self.throw_terminating("The port rule to change is ambiguous: specify the -Port parameter.",
                                       "PortRuleNotFound", "InvalidArgument", None)
            port = rules[0].start_port
        return [(cluster.name, address, port, node.computer)]


class SetNlbClusterPortRule(_RuleChange):
    name = "Set-NlbClusterPortRule"
    dotnet_class = _NLB + "SetNlbClusterPortRule"
    synopsis = "Edits a port rule of an NLB cluster."
    description = ("Changes the cluster IP address, port range, protocol, filtering mode, affinity or timeout "
                   "of the rule whose range contains -Port, on every host; the hosts converge again.")
    parameters = _RuleChange.rule_parameters + (
        Param("NewIP", str, display_type="IPAddress", help="The rule's new cluster IP address, or All."),
        Param("NewStartPort", int, validate_range=PORT_RANGE, help="The new first port."),
        Param("NewEndPort", int, validate_range=PORT_RANGE, help="The new last port."),
        Param("NewProtocol", PortRuleProtocol, help="Tcp, Udp or Both."),
        Param("NewMode", PortRuleFilteringMode, help="Multiple, Single or Disabled."),
        Param("NewAffinity", PortRuleAffinity, help="Single, None or Network."),
        Param("NewTimeout", int, validate_range=TIMEOUT_RANGE, help="The new affinity timeout in minutes, 0-240."),
    )
    examples = (Example("Set-NlbClusterPortRule -Port 0 -NewEndPort 24",
                        "Shrinks the default 0-65535 rule to ports 0-24."),
                Example("Get-NlbClusterPortRule -Port 25 | Set-NlbClusterPortRule -NewMode Disabled",
                        "Makes the cluster drop port 25."))

    def process(self) -> None:
        changes = {
            "ip": None if self.NewIP is None else _ip(self.NewIP), "start_port": self.NewStartPort,
            "end_port": self.NewEndPort, "timeout": self.NewTimeout,
            "protocol": self.NewProtocol and self.NewProtocol.name, "mode": self.NewMode and self.NewMode.name,
            "affinity": self.NewAffinity and self.NewAffinity.name,
        }
        changes = {key: value for key, value in changes.items() if value is not None}
        for cluster, address, port, host in self.targets():
            try:
                rule = nlb.set_port_rule(self.lab, cluster, port, address, **changes)
            except LabError as error:
                self.fail(error, port)
            self.write_object(NlbPortRule(rule, host, ""))


class RemoveNlbClusterPortRule(_RuleChange):
    name = "Remove-NlbClusterPortRule"
    dotnet_class = _NLB + "RemoveNlbClusterPortRule"
    synopsis = "Removes a port rule from an NLB cluster."
    description = ("Removes the rule whose range contains -Port from every host; its traffic then goes to the "
                   "default host. Asks for confirmation unless -Force is given.")
    parameters = _RuleChange.rule_parameters + (
        Param("Force", Switch, help="Removes the rule without asking for confirmation."),)
    examples = (Example("Remove-NlbClusterPortRule -Port 80 -Force", "Removes the rule that handles port 80."),)

    def process(self) -> None:
        for cluster, address, port, _ in self.targets():
            try:
                rule = nlb.find_port_rule(self.fresh(cluster), port, address)
            except LabError as error:
                self.fail(error, port)
            query = (f"Are you sure you want to remove the port rule {rule.start_port}-{rule.end_port} "
                     f"({rule.ip}) from the cluster {cluster}?")
            if self.Force or self.should_continue(query, "Remove port rule"):
                nlb.remove_port_rule(self.lab, cluster, port, address)


class SetNlbClusterPortRuleNodeWeight(_RuleChange):
    name = "Set-NlbClusterPortRuleNodeWeight"
    dotnet_class = _NLB + "SetNlbClusterPortRuleNodeWeight"
    synopsis = "Sets the load weight of a host for a Multiple-host port rule."
    description = ("Sets the share of the rule's traffic a host takes: its load weight divided by the sum of "
                   "the weights of the live hosts (0-100; 0 takes none), or equal load with -Equal.")
    parameters = _RuleChange.rule_parameters + (
        Param("LoadWeight", int, validate_range=(0, 100), help="The host's load weight, 0-100."),
        Param("Equal", Switch, help="Spreads the traffic equally again."),
    )
    examples = (Example("Set-NlbClusterPortRuleNodeWeight -HostName CAS02 -Port 443 -LoadWeight 0",
                        "CAS02 takes no new HTTPS clients."),)

    def process(self) -> None:
        weight = None if self.Equal else self.LoadWeight
        if weight is None and not self.Equal:
            self.throw_terminating("Specify -LoadWeight or -Equal.", "InvalidLoadWeight", "InvalidArgument", None)
        for cluster, address, port, host in self.targets():
            try:
                rule = nlb.set_host_rule(self.lab, cluster, port, host, address, load_weight=weight)
            except LabError as error:
                self.fail(error, port)
            self.write_object(NlbPortRule(rule, host, host))


class SetNlbClusterPortRuleNodeHandlingPriority(_RuleChange):
    name = "Set-NlbClusterPortRuleNodeHandlingPriority"
    dotnet_class = _NLB + "SetNlbClusterPortRuleNodeHandlingPriority"
    synopsis = "Sets the handling priority of a host for a Single-host port rule."
    description = ("The live host with the lowest handling priority (1-32, unique per rule) takes all of a "
                   "Single-host rule's traffic.")
    parameters = _RuleChange.rule_parameters + (
        Param("HandlingPriority", int, mandatory=True, validate_range=(1, 32),
              help="The host's handling priority, 1-32."),)
    examples = (Example("Set-NlbClusterPortRuleNodeHandlingPriority -HostName CAS02 -Port 25 -HandlingPriority 3",
                        "Moves CAS02 behind the other hosts for the rule that covers port 25."),)

    def process(self) -> None:
        for cluster, address, port, host in self.targets():
            try:
                rule = nlb.set_host_rule(self.lab, cluster, port, host, address, priority=self.HandlingPriority)
            except LabError as error:
                self.fail(error, port)
            self.write_object(NlbPortRule(rule, host, host))


# -- nlb.exe / wlbs.exe -------------------------------------------------------------------------
BANNER = "{} Cluster Control Utility V2.4 (c) 1997-2003 Microsoft Corporation."
USAGE = (
    "Usage: {} <command> [/PASSW [<password>]] [/PORT <port>]",
    "<command>",
    "  help                                  - displays this help",
    "  ip2mac    <cluster>                   - displays the MAC address for the",
    "                                          specified cluster",
    "  reload    [<cluster> | ALL]           - reloads the driver's parameters from",
    "                                          the registry for the specified",
    "                                          cluster (local only). Same as ALL if",
    "                                          parameter is not specified.",
    "  display   [<cluster> | ALL]           - displays configuration parameters,",
    "                                          current status, and last several",
    "                                          event log messages for the specified",
    "                                          cluster (local only). Same as ALL if",
    "                                          parameter is not specified.",
    "  query     [<cluster_spec>]            - displays the current cluster state",
    "                                          for the current members of the",
    "                                          specified cluster. If not specified a",
    "                                          local query is performed for all",
    "                                          instances.",
    "  suspend   [<cluster_spec>]            - suspends cluster operations (start,",
    "                                          stop, etc.) for the specified cluster",
    "                                          until the resume command is issued.",
    "                                          If cluster is not specified, applies",
    "                                          to all instances on local host.",
    "  resume    [<cluster_spec>]            - resumes cluster operations after a",
    "                                          previous suspend command for the",
    "                                          specified cluster. If cluster is not",
    "                                          specified, applies to all instances",
    "                                          on local host.",
    "  start     [<cluster_spec>]            - starts cluster operations on the",
    "                                          specified hosts. Applies to local",
    "                                          host if cluster is not specified.",
    "  stop      [<cluster_spec>]            - stops cluster operations on the",
    "                                          specified hosts. Applies to local",
    "                                          host if cluster is not specified.",
    "  drainstop [<cluster_spec>]            - disables all new traffic handling on",
    "                                          the specified hosts and stops cluster",
    "                                          operations. Applies to local host if",
    "                                          cluster is not specified.",
)
NOT_INSTALLED = ("{} is not installed on this system or you do not have",
                 "sufficient privileges to administer the cluster.")

# Query lines by state (IDS_CTR_CVG_*); members follow the three "with the following" lines.
QUERY_LINES = {
    nlb.NodeState.DEFAULT: "Host {} converged as DEFAULT with the following host(s) as part of the cluster:",
    nlb.NodeState.CONVERGED: "Host {} converged with the following host(s) as part of the cluster:",
    nlb.NodeState.DRAINING: "Host {} draining connections with the following host(s) as part of the cluster:",
    nlb.NodeState.STOPPED: "Host {} is stopped and does not know convergence state of the cluster.",
    nlb.NodeState.SUSPENDED: "Host {} is stopped and has cluster control mode suspended.",
    nlb.NodeState.DISCONNECTED: "Host {} is disconnected from the network.",
}
# Control verbs: the lab function and the replies when it changed something / did not.
CONTROL = {
    "start": (nlb.start_node, "Cluster operations started.", "Cluster operations already started."),
    "stop": (nlb.stop_node, "Cluster operations stopped.", "Cluster operations already stopped."),
    "drainstop": (nlb.drain_stop, "Connection draining started.", "Connection draining already started."),
    "suspend": (nlb.suspend_node, "Cluster operation control suspended.",
                "Cluster operation control already suspended."),
    "resume": (nlb.resume_node, "Cluster operation control resumed.", "Cluster operation control already resumed."),
}
SUSPENDED_REPLY = "Cluster operation control suspended."


def _program(name: str) -> Any:
    """nlb.exe and wlbs.exe are the same program; each prints its own name."""
    label = name.upper()

    def run(ctx: NativeContext, argv: list[str]) -> int:
        ctx.write_line(BANNER.format(label))
        verb = argv[0].lower() if argv else ""
        if verb not in ("query", "display", *CONTROL) or len(argv) > 2:
            for line in USAGE:
                ctx.write_line(line.format(label))
            return 1
        try:
            cluster = nlb.cluster_of(ctx.lab, ctx.computer)
        except LabError:
            for line in NOT_INSTALLED:
                ctx.write_line(line.format(label))
            return 1
        if len(argv) == 2 and not _names_cluster(ctx, cluster, argv[1]):
            ctx.write_line("Invalid Cluster Name or IP address.")
            return 1
        ctx.write_line(f"Cluster {cluster.ip}")
        if verb == "query":
            _query(ctx, cluster)
        elif verb == "display":
            _display(ctx, cluster)
        else:
            _control(ctx, cluster, verb)
        return 0

    return run


def _names_cluster(ctx: NativeContext, cluster: nlb.Cluster, text: str) -> bool:
    """Whether a <cluster> argument names the local cluster (by name or address)."""
    try:
        return network.resolve_name(ctx.lab, ctx.computer, text) == cluster.ip
    except network.NetworkError:
        return False


def _query(ctx: NativeContext, cluster: nlb.Cluster) -> None:
    node = cluster.node(ctx.computer)
    if node.is_member:
        ctx.write_line(f"Host {node.priority} has entered a converging state {node.convergences} time(s) since "
                       f"joining the cluster")
        ctx.write_line(f"  and the last convergence completed at approximately: {format_datetime(node.converged_at)}")
    ctx.write_line(QUERY_LINES[node.state].format(node.priority))
    if node.is_member:
        ctx.write_line(", ".join(str(host) for host in cluster.members))


def _control(ctx: NativeContext, cluster: nlb.Cluster, verb: str) -> None:
    action, done, already = CONTROL[verb]
    state = cluster.node(ctx.computer).state
    if verb not in ("suspend", "resume") and state is nlb.NodeState.SUSPENDED:
        ctx.write_line(SUSPENDED_REPLY)
        return
    if verb == "drainstop" and state is nlb.NodeState.STOPPED:
        ctx.write_line(CONTROL["stop"][2])
        return
    _, changed = action(ctx.lab, ctx.computer)
    ctx.write_line(done if changed else already)


def _display(ctx: NativeContext, cluster: nlb.Cluster) -> None:
    """The host's parameters and port rules (the layout of §5.5), then its state."""
    node = cluster.node(ctx.computer)
    dedicated = next(a for a in computers.list_adapters(ctx.lab, ctx.computer) if a.name == node.adapter)
    ctx.write_line("Retrieving parameters")
    for name, value in (("HostPriority", node.priority), ("ClusterIPAddress", cluster.ip),
                        ("ClusterNetworkMask", cluster.mask), ("DedicatedIPAddress", dedicated.ip),
                        ("DedicatedNetworkMask", dedicated.mask), ("ClusterName", cluster.name),
                        ("AliveMsgPeriod", 1000), ("AliveMsgTolerance", 5)):
        ctx.write_line(f"{name} = {value}")
    ctx.write_line("")
    ctx.write_line(f"PortRules ({len(cluster.port_rules)}):")
    ctx.write_line("")
    ctx.write_line("      VIP       Start  End  Prot   Mode   Pri Load Affinity")
    ctx.write_line("--------------- ----- ----- ---- -------- --- ---- --------")
    for rule in cluster.port_rules:
        ctx.write_line(_display_rule(rule, node.computer))
    ctx.write_line("")
    _query(ctx, cluster)


def _display_rule(rule: nlb.PortRule, computer: str) -> str:
    settings = rule.hosts[computer]
    priority = str(settings.priority) if rule.mode == "Single" else ""
    if rule.mode != "Multiple":
        load = ""
    else:
        load = "Eql" if settings.load_weight is None else str(settings.load_weight)
    affinity = rule.affinity if rule.mode == "Multiple" else ""
    return (f"{rule.ip:<15} {rule.start_port:>5} {rule.end_port:>5} {rule.protocol:<4} {rule.mode:<8} "
            f"{priority:>3} {load:>4} {affinity}").rstrip()


CMDLETS = (
    GetNlbCluster, GetNlbClusterNode, StopNlbClusterNode, StartNlbClusterNode, SuspendNlbClusterNode,
    ResumeNlbClusterNode, GetNlbClusterPortRule, AddNlbClusterPortRule, SetNlbClusterPortRule,
    RemoveNlbClusterPortRule, SetNlbClusterPortRuleNodeWeight, SetNlbClusterPortRuleNodeHandlingPriority,
)
NATIVE_COMMANDS = {name: _program(name.split(".")[0]) for name in ("nlb", "nlb.exe", "wlbs", "wlbs.exe")}
