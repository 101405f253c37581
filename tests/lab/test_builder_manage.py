"""Building labs from templates, and creating, opening, resetting and describing them."""
from __future__ import annotations

import os
import sys
import types
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import emshell.lab
from emshell.lab import builder, computers, manage, nlb, paths
from emshell.lab.lab import Lab, LabError

START = datetime(2008, 3, 18, 10, 15, 32)
REAL_INSTALL_PKI = builder.install_pki


@pytest.fixture(autouse=True)
def no_pki(monkeypatch):
    monkeypatch.setattr(builder, "install_pki", lambda lab, data: None)


def dump(lab: Lab) -> dict:
    return {kind: lab.store.list(kind) for kind in lab.store.kinds()}


def test_network_documents(tmp_path) -> None:
    lab = manage.create_lab(tmp_path / "lab", deterministic=True)
    records = {key: doc["address"] for key, doc in lab.store.list("dns-record")}
    assert records == {
        "autodiscover.ehlo.dk": "192.168.1.100",
        "cas01.ehlo.dk": "192.168.1.11",
        "cas02.ehlo.dk": "192.168.1.12",
        "client01.ehlo.dk": "192.168.1.50",
        "dc01.ehlo.dk": "192.168.1.10",
        "mail.ehlo.dk": "192.168.1.100",
        "mbx01.ehlo.dk": "192.168.1.13",
    }
    assert lab.store.get("dns-record", "mail.ehlo.dk") == {"name": "mail.ehlo.dk", "type": "A", "address": "192.168.1.100"}
    cluster = nlb.get_cluster(lab, "mail.ehlo.dk")  # the document itself is nlb.py's business
    assert (cluster.name, cluster.ip, cluster.mask, cluster.mode) == ("mail.ehlo.dk", "192.168.1.100",
                                                                      "255.255.255.0", "Unicast")
    assert [(n.computer, n.adapter, n.priority) for n in cluster.nodes] == [("CAS01", "NLB LAN", 1),
                                                                            ("CAS02", "NLB LAN", 2)]
    assert [(r.ip, r.start_port, r.end_port, r.protocol, r.mode, r.affinity) for r in cluster.port_rules] == [
        ("All", 0, 65535, "Both", "Multiple", "Single")
    ]
    lab.close()


def test_folders_and_exchange_scripts(tmp_path, monkeypatch) -> None:
    scripts = tmp_path / "scripts"
    scripts.mkdir()
    (scripts / "new-TestCasConnectivityUser.ps1").write_bytes(b"param($OU)\r\n")
    (scripts / "readme.txt").write_bytes(b"not a script")
    real_files = builder.resources.files
    monkeypatch.setattr(builder.resources, "files", lambda p: scripts if p == "emshell.scripts" else real_files(p))
    lab = manage.create_lab(tmp_path / "lab", deterministic=True)
    cas = paths.resolve(lab, "CAS01", None, r"C:\Program Files\Microsoft\Exchange Server")
    assert [e.name for e in paths.list_dir(cas)] == ["Bin", "Scripts"]
    assert [(e.name, e.length, e.last_write_time) for e in paths.list_dir(cas.join("Scripts"))] == [
        ("new-TestCasConnectivityUser.ps1", 12, START)
    ]
    dc_root = paths.resolve(lab, "DC01", None, "C:\\")
    assert [(e.name, e.last_write_time) for e in paths.list_dir(dc_root)] == [
        ("Documents and Settings", START), ("Program Files", START), ("WINDOWS", START)
    ]
    assert paths.is_dir(paths.resolve(lab, "HOMEPC", None, r"C:\Documents and Settings\Administrator"))
    assert paths.is_dir(paths.resolve(lab, "MBX01", None, r"C:\WINDOWS\system32"))
    assert not paths.exists(paths.resolve(lab, "DC01", None, r"C:\Program Files\Microsoft"))
    lab.close()


def test_the_build_ends_with_the_pki_step(tmp_path, monkeypatch) -> None:
    calls = []
    ca = types.ModuleType("emshell.lab.ca")
    ca.install_enterprise_root_ca = lambda lab, computer, name, domain: calls.append(("ca", computer, name, domain))
    ca.trust_root_on_domain_members = lambda lab: calls.append(("trust",))
    certstore = types.ModuleType("emshell.lab.certstore")
    certstore.create_setup_certificate = lambda lab, computer: calls.append(("setup", computer))
    for name, module in (("ca", ca), ("certstore", certstore)):
        monkeypatch.setitem(sys.modules, f"emshell.lab.{name}", module)
        monkeypatch.setattr(emshell.lab, name, module, raising=False)
    monkeypatch.setattr(builder, "install_pki", REAL_INSTALL_PKI)
    manage.create_lab(tmp_path / "lab", deterministic=True).close()
    assert calls == [
        ("ca", "DC01", "ehlo-DC01-CA", "ehlo.dk"),
        ("trust",),
        ("setup", "CAS01"),
        ("setup", "CAS02"),
    ]


def test_deterministic_labs_are_identical(tmp_path) -> None:
    first = manage.create_lab(tmp_path / "one", deterministic=True)
    second = manage.create_lab(tmp_path / "two", deterministic=True)
    assert dump(first) == dump(second)
    assert first.store.get("ad-site", "default-first-site-name")["guid"] == "5c1d7e2a-3b84-4f0e-9a6d-2e81c4b07f39"
    other_seed = manage.create_lab(tmp_path / "three", deterministic=True, seed="other")
    assert dump(other_seed)["mailbox"] != dump(first)["mailbox"]  # GUIDs come from the seed
    for lab in (first, second, other_seed):
        lab.close()


def test_create_records_the_template_and_refuses_to_overwrite(tmp_path) -> None:
    lab = manage.create_lab(tmp_path / "lab", deterministic=True)
    assert manage.lab_info(lab) == {
        "path": str(tmp_path / "lab"),
        "template": "ehlo",
        "deterministic": True,
        "created": START,
        "lab_time": START,
        "computers": ["CAS01", "CAS02", "CLIENT01", "DC01", "HOMEPC", "MBX01"],
    }
    assert lab.store.meta_get("lab.template_content")["domain"]["fqdn"] == "ehlo.dk"
    lab.close()
    with pytest.raises(manage.LabExists, match=r"^A lab already exists at '.*lab'\.$"):
        manage.create_lab(tmp_path / "lab")


def test_a_failed_build_leaves_nothing_behind(tmp_path, monkeypatch) -> None:
    def fail(lab, data):
        raise LabError("boom")

    monkeypatch.setattr(builder, "install_pki", fail)
    with pytest.raises(LabError, match="^boom$"):
        manage.create_lab(tmp_path / "lab")
    assert sorted(os.listdir(tmp_path / "lab")) == []


def test_open_lab(tmp_path) -> None:
    with pytest.raises(LabError, match=r"^No lab at '.*nolab'\.$"):
        manage.open_lab(tmp_path / "nolab", create_if_missing=False)
    created = manage.open_lab(tmp_path / "lab", deterministic=True)
    computers.stop_service(created, "CAS01", "W3SVC")
    created.close()
    reopened = manage.open_lab(tmp_path / "lab")
    assert reopened.deterministic is True
    assert computers.get_service(reopened, "CAS01", "W3SVC").status == "Stopped"
    reopened.close()


def test_reset_rebuilds_from_the_recorded_template(tmp_path) -> None:
    template = tmp_path / "mine.json"
    template.write_text(
        (Path(emshell.lab.__file__).parent / "templates" / "ehlo.json").read_text("utf-8").replace("HOMEPC", "LAPTOP"),
        "utf-8",
    )
    lab = manage.create_lab(tmp_path / "lab", template=str(template), deterministic=True, seed="abc")
    before = dump(lab)
    computers.set_adapter_enabled(lab, "CAS01", "NLB LAN", False)
    paths.write_bytes(paths.resolve(lab, "CAS01", None, r"c:\CAS_SAN_cert.req"), b"req")
    lab.clock.advance(timedelta(hours=2))
    lab.close()
    template.unlink()  # the recorded content is used, not the file
    reset = manage.reset_lab(tmp_path / "lab")
    assert dump(reset) == before
    assert reset.deterministic is True and reset.clock.now() == START
    assert manage.lab_info(reset)["template"] == str(template)
    assert "LAPTOP" in manage.lab_info(reset)["computers"]
    assert not paths.exists(paths.resolve(reset, "CAS01", None, r"c:\CAS_SAN_cert.req"))
    reset.close()


def test_reset_needs_a_recorded_template(tmp_path) -> None:
    Lab.initialise(tmp_path / "bare", deterministic=True).close()
    with pytest.raises(LabError, match=r"^The lab at '.*bare' does not record the template it was built from\.$"):
        manage.reset_lab(tmp_path / "bare")
    assert (tmp_path / "bare" / "lab.db").exists()
    with pytest.raises(LabError, match=r"^No lab at "):
        manage.reset_lab(tmp_path / "nothing")


def test_fresh_lab_is_removed_afterwards() -> None:
    with manage.fresh_lab(deterministic=True) as lab:
        root = lab.root
        assert (root / "lab.db").exists()
        assert lab.deterministic is True
    assert not root.exists()


def test_lab_directory_choice(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    default = manage.default_lab_dir()
    assert default.parts[-3:] == ("emshell", "labs", "default")
    assert manage.resolve_lab_dir(None, {}) == default
    assert manage.resolve_lab_dir(None, {"EMSHELL_LAB": "/srv/lab"}) == Path("/srv/lab")
    assert manage.resolve_lab_dir("/tmp/x", {"EMSHELL_LAB": "/srv/lab"}) == Path("/tmp/x")
    assert manage.resolve_lab_dir(None, {"EMSHELL_LAB": ""}) == default
