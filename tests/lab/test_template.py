"""Lab templates: the packaged ehlo organisation, user templates, validation messages."""
from __future__ import annotations

import copy
import json
from importlib import resources

import pytest

from emshell.lab.template import TemplateError, load_template, template_names, validate

EHLO = load_template("ehlo")


def broken(change) -> dict:
    """A copy of the ehlo template after `change(template)`."""
    template = copy.deepcopy(EHLO)
    change(template)
    return template


def computer(template: dict, name: str) -> dict:
    return next(c for c in template["computers"] if c["name"] == name)


def test_ehlo_is_the_article_organisation() -> None:
    assert template_names() == ["ehlo"]
    assert EHLO["domain"] == {"fqdn": "ehlo.dk", "netbios": "EHLO"}
    assert [c["name"] for c in EHLO["computers"]] == ["DC01", "CAS01", "CAS02", "MBX01", "CLIENT01", "HOMEPC"]
    assert computer(EHLO, "DC01")["ca"] == {"name": "ehlo-DC01-CA"}
    assert computer(EHLO, "DC01")["os"] == "Windows Server 2003 R2"
    assert [(a["name"], a["ip"]) for a in computer(EHLO, "CAS02")["adapters"]] == [
        ("Local Area Connection", "192.168.1.12"),
        ("NLB LAN", "192.168.1.22"),
    ]
    (cluster,) = EHLO["nlb_clusters"]
    assert (cluster["name"], cluster["ip"], cluster["mask"], cluster["mode"]) == (
        "mail.ehlo.dk", "192.168.1.100", "255.255.255.0", "Unicast"
    )
    assert [(n["computer"], n["adapter"], n["priority"]) for n in cluster["nodes"]] == [
        ("CAS01", "NLB LAN", 1),
        ("CAS02", "NLB LAN", 2),
    ]
    assert cluster["port_rules"] == [
        {"ip": "All", "start_port": 0, "end_port": 65535, "protocol": "Both", "mode": "Multiple", "affinity": "Single"}
    ]
    assert EHLO["dns_records"] == [
        {"name": "mail", "address": "192.168.1.100"},
        {"name": "autodiscover", "address": "192.168.1.100"},
    ]


def test_defaults_are_filled_in() -> None:
    cas = computer(EHLO, "CAS01")
    assert (cas["fqdn"], cas["site"], cas["drives"], cas["domain_joined"]) == (
        "cas01.ehlo.dk", "Default-First-Site-Name", ["C"], True
    )
    home = computer(EHLO, "HOMEPC")
    assert (home["fqdn"], home["site"], home["domain_joined"]) == ("homepc", None, False)
    admin = EHLO["users"][0]
    assert (admin["user_principal_name"], admin["display_name"], admin["mailbox"]["alias"]) == (
        "Administrator@ehlo.dk", "Administrator", "Administrator"
    )
    assert validate(EHLO) == EHLO  # idempotent


def test_a_user_template_by_path(tmp_path) -> None:
    mine = json.loads((resources.files("emshell.lab") / "templates" / "ehlo.json").read_text("utf-8"))
    mine["name"] = "contoso"
    mine["domain"] = {"fqdn": "contoso.com", "netbios": "CONTOSO"}
    file = tmp_path / "contoso.json"
    file.write_text(json.dumps(mine), "utf-8")
    loaded = load_template(str(file))
    assert computer(loaded, "CAS01")["fqdn"] == "cas01.contoso.com"
    assert loaded["users"][1]["user_principal_name"] == "hwalther@contoso.com"


def test_unreadable_templates(tmp_path) -> None:
    with pytest.raises(TemplateError, match=r"^There is no lab template named 'nosuch'\. Available templates: ehlo\.$"):
        load_template("nosuch")
    with pytest.raises(TemplateError, match=r"^Cannot read the lab template file '.*missing\.json': "):
        load_template(str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x",\n  oops}', "utf-8")
    with pytest.raises(TemplateError) as caught:
        load_template(str(bad))
    assert str(caught.value) == (
        f"The lab template '{bad}' is not valid JSON: Expecting property name enclosed in double quotes "
        "(line 2, column 3)."
    )
    with pytest.raises(TemplateError, match=r"^A lab template must be a JSON object\.$"):
        validate([])


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda t: t.pop("domain"), "the template is missing 'domain'."),
        (lambda t: computer(t, "CAS01").pop("os"), "computer 'CAS01' is missing 'os'."),
        (lambda t: t["computers"].append({"os": "Windows Server 2003"}), "computer #7 is missing 'name'."),
        (lambda t: t["computers"].append(7), "computer #7 must be a JSON object."),
        (lambda t: computer(t, "CAS01")["adapters"][1].pop("mask"),
         "adapter 'NLB LAN' of computer 'CAS01' is missing 'mask'."),
        (lambda t: computer(t, "CAS01").update(adapters="eth0"), "'adapters' of computer 'CAS01' has the wrong type."),
        (lambda t: computer(t, "CAS01").update(domain_joined="yes"),
         "'domain_joined' of computer 'CAS01' has the wrong type."),
        (lambda t: t.update(sites=[]), "'sites' of the template must be a non-empty list."),
        (lambda t: computer(t, "CAS02").update(name="cas01"), "duplicate computer name 'cas01'."),
        (lambda t: computer(t, "CAS02").update(name="../../etc"),
         "computer '../../etc' needs a NetBIOS name: 1 to 15 letters, digits or hyphens."),
        (lambda t: computer(t, "CAS02").update(name="CAS02-WITH-A-LONG-NAME"),
         "computer 'CAS02-WITH-A-LONG-NAME' needs a NetBIOS name: 1 to 15 letters, digits or hyphens."),
        (lambda t: computer(t, "DC01").update(shares={"CertEnroll": "D:\\CertEnroll"}),
         "computer 'DC01' shares 'CertEnroll' from 'D:\\CertEnroll', which is not a folder on one of its drives."),
        (lambda t: computer(t, "CAS02")["adapters"][0].update(ip="192.168.1.11"),
         "duplicate IP address '192.168.1.11'."),
        (lambda t: computer(t, "CAS01")["adapters"][0].update(ip="192.168.1.300"),
         "adapter 'Local Area Connection' of computer 'CAS01' has an invalid IPv4 address '192.168.1.300'."),
        (lambda t: computer(t, "MBX01").update(os="Windows 95"),
         "computer 'MBX01' has unknown os 'Windows 95'; expected one of Windows Server 2003, "
         "Windows Server 2003 R2, Windows XP Professional, Windows XP Home Edition."),
        (lambda t: computer(t, "MBX01")["roles"].append("Edge"),
         "computer 'MBX01' has unknown role 'Edge'; expected one of DomainController, DNS, "
         "CertificateAuthority, WebServer, ClientAccess, HubTransport, Mailbox."),
        (lambda t: computer(t, "MBX01").update(site="Branch"), "computer 'MBX01' names unknown site 'Branch'."),
        (lambda t: computer(t, "DC01").pop("ca"),
         "computer 'DC01' needs both the CertificateAuthority role and a 'ca' entry, or neither."),
        (lambda t: computer(t, "CAS01").pop("exchange"),
         "computer 'CAS01' needs both an Exchange role and an 'exchange' entry, or neither."),
        (lambda t: computer(t, "CAS01").update(domain_joined=False),
         "computer 'CAS01' is an Exchange server and must be domain-joined."),
        (lambda t: computer(t, "MBX01")["exchange"].update(storage_groups=[]),
         "computer 'MBX01' needs storage groups exactly when it has the Mailbox role."),
        (lambda t: computer(t, "CAS01").update(drives=["CD"]),
         "computer 'CAS01' must list its drives as single letters, the system drive first."),
        (lambda t: computer(t, "DC01").update(roles=["DNS", "CertificateAuthority"]),
         "no computer has the DomainController role."),
        (lambda t: t["users"][1]["mailbox"].update(database="MBX02\\First Storage Group\\Mailbox Database"),
         "user 'hwalther' has a mailbox in unknown database 'MBX02\\First Storage Group\\Mailbox Database'."),
        (lambda t: t["users"][2].update(sam_account_name="HWalther"), "duplicate user sam_account_name 'HWalther'."),
        (lambda t: t["users"][2]["mailbox"].update(alias="hwalther"), "duplicate mailbox alias 'hwalther'."),
        (lambda t: t.update(exchange=None), "Exchange servers are listed but the 'exchange' section is missing."),
        (lambda t: t["exchange"]["accepted_domains"][0].update(default=False),
         "exactly one accepted domain must be the default."),
        (lambda t: t["exchange"]["accepted_domains"][0].update(domain_type="Relay"),
         "accepted domain 'ehlo.dk' of the 'exchange' section has accepted domain type 'Relay'; "
         "expected one of Authoritative, InternalRelay, ExternalRelay."),
        (lambda t: t["exchange"]["virtual_directories"][0].update(kind="Ecp"),
         "virtual directory 'owa (Default Web Site)' of the 'exchange' section has unknown kind 'Ecp'; "
         "expected one of Owa, WebServices, Oab, ActiveSync, Autodiscover, UM."),
        (lambda t: t["nlb_clusters"][0]["nodes"][1].update(computer="CAS03"),
         "NLB node 'CAS03' of NLB cluster 'mail.ehlo.dk' names unknown computer 'CAS03'."),
        (lambda t: t["nlb_clusters"][0]["nodes"][1].update(adapter="LAN 2"),
         "NLB node 'CAS02' of NLB cluster 'mail.ehlo.dk' names unknown adapter 'LAN 2'."),
        (lambda t: t["nlb_clusters"][0]["nodes"][1].update(priority=1),
         "duplicate host priority in NLB cluster 'mail.ehlo.dk' '1'."),
        (lambda t: t["nlb_clusters"][0]["nodes"][1].update(priority=33),
         "NLB node 'CAS02' of NLB cluster 'mail.ehlo.dk' has host priority 33; it must be 1 to 32."),
        (lambda t: t["nlb_clusters"][0].update(mode="Anycast"),
         "NLB cluster 'mail.ehlo.dk' has NLB mode 'Anycast'; expected one of Unicast, Multicast, IgmpMulticast."),
        (lambda t: t["nlb_clusters"][0]["port_rules"][0].update(start_port=443, end_port=80),
         "port rule #1 of NLB cluster 'mail.ehlo.dk' has port range 443-80; ports run 0 to 65535, start first."),
        (lambda t: t["nlb_clusters"][0]["port_rules"][0].update(affinity="ClassC"),
         "port rule #1 of NLB cluster 'mail.ehlo.dk' has affinity 'ClassC'; expected one of None, Single, Network."),
        (lambda t: t["dns_records"].append({"name": "owa", "address": "mail"}),
         "DNS record 'owa' has an invalid IPv4 address 'mail'."),
    ],
)
def test_validation_messages(change, message) -> None:
    with pytest.raises(TemplateError) as caught:
        validate(broken(change))
    assert str(caught.value) == f"Lab template 'ehlo': {message}"


def test_minimal_template_without_exchange() -> None:
    minimal = {
        "name": "tiny",
        "domain": {"fqdn": "tiny.test", "netbios": "TINY"},
        "sites": [{"name": "Site", "guid": "00000000-0000-0000-0000-000000000001"}],
        "computers": [{"name": "DC", "os": "Windows Server 2003", "roles": ["DomainController"],
                       "adapters": [{"name": "LAN", "ip": "10.0.0.1", "mask": "255.0.0.0"}]}],
        "users": [],
    }
    data = validate(minimal)
    assert (data["exchange"], data["nlb_clusters"], data["dns_records"]) == (None, [], [])
    assert "exchange" not in minimal  # the caller's dict is left alone
