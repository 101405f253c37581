"""Active Directory and Exchange configuration of the ehlo lab."""
from __future__ import annotations

import pytest

from emshell.lab import builder, directory, exchange, manage
from emshell.lab.exchange import AcceptedDomain, ClientAccessServer, MailboxDatabase, VirtualDirectory

DATABASE = "MBX01\\First Storage Group\\Mailbox Database"
NOT_FOUND = "The operation could not be performed because object '{0}' could not be found on domain controller 'dc01.ehlo.dk'."


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.setattr(builder, "install_pki", lambda lab, data: None)
    lab = manage.create_lab(tmp_path / "lab", deterministic=True)
    yield lab
    lab.close()


# -- directory -------------------------------------------------------------------------
def test_domain_and_site(lab) -> None:
    assert directory.get_domain(lab) == directory.Domain("ehlo.dk", "EHLO", "DC=ehlo,DC=dk")
    assert directory.list_sites(lab) == [
        directory.Site(
            "Default-First-Site-Name",
            "5c1d7e2a-3b84-4f0e-9a6d-2e81c4b07f39",
            "ehlo.dk/Configuration/Sites/Default-First-Site-Name",
        )
    ]
    assert directory.domain_controller(lab) == "dc01.ehlo.dk"


def test_users(lab) -> None:
    assert [(u.sam_account_name, u.display_name, u.domain_admin) for u in directory.list_users(lab)] == [
        ("Administrator", "Administrator", True),
        ("ajensen", "Anne Jensen", False),
        ("hwalther", "Henrik Walther", False),
        ("lnielsen", "Lars Nielsen", False),
    ]
    anne = directory.find_user(lab, "ajensen")
    assert (anne.user_principal_name, anne.distinguished_name, anne.organizational_unit) == (
        "ajensen@ehlo.dk", "CN=Anne Jensen,CN=Users,DC=ehlo,DC=dk", "ehlo.dk/Users"
    )
    assert (anne.first_name, anne.last_name) == ("Anne", "Jensen")


@pytest.mark.parametrize(
    "identity",
    ["ajensen", "AJENSEN", "EHLO\\ajensen", "ehlo\\AJensen", "ajensen@ehlo.dk", "Anne Jensen",
     "CN=Anne Jensen,CN=Users,DC=ehlo,DC=dk"],
)
def test_find_user_by_any_name(lab, identity) -> None:
    assert directory.find_user(lab, identity).sam_account_name == "ajensen"


def test_user_not_found_and_ambiguous(lab) -> None:
    with pytest.raises(directory.ObjectNotFound) as caught:
        directory.find_user(lab, "nobody")
    assert str(caught.value) == NOT_FOUND.format("nobody")
    directory.add_user(lab, sam_account_name="ajensen2", name="Anne Jensen (2)", display_name="Anne Jensen", password="x")
    with pytest.raises(directory.AmbiguousIdentity) as caught:
        directory.find_user(lab, "Anne Jensen")
    assert str(caught.value) == "The operation could not be performed because 'Anne Jensen' matches multiple entries."


def test_duplicate_accounts_are_refused(lab) -> None:
    with pytest.raises(directory.ObjectExists) as caught:
        directory.add_user(lab, sam_account_name="anne", name="Anne Jensen", password="x")
    assert str(caught.value) == (
        "Active Directory operation failed on dc01.ehlo.dk. "
        "The object 'CN=Anne Jensen,CN=Users,DC=ehlo,DC=dk' already exists."
    )
    with pytest.raises(directory.AccountInUse, match=r"^The account name 'AJENSEN' is already used by another account\.$"):
        directory.add_user(lab, sam_account_name="AJENSEN", name="Someone", password="x")
    with pytest.raises(directory.AccountInUse, match=r"^The user principal name 'ajensen@ehlo\.dk' is already used"):
        directory.add_user(lab, sam_account_name="x", name="X", password="x", user_principal_name="ajensen@ehlo.dk")


def test_passwords(lab) -> None:
    assert directory.check_password(lab, "EHLO\\Administrator", "P@ssw0rd") is True
    assert directory.check_password(lab, "Administrator", "p@ssw0rd") is False
    directory.set_password(lab, "administrator", "New-Passw0rd")
    assert directory.check_password(lab, "Administrator@ehlo.dk", "New-Passw0rd") is True
    assert directory.check_password(lab, "Administrator", "P@ssw0rd") is False
    doc = lab.store.get("user", "administrator")
    assert "New-Passw0rd" not in str(doc) and not any("password" in field for field in directory.User._fields)


# -- Exchange servers ------------------------------------------------------------------
def test_organization(lab) -> None:
    org = exchange.get_organization(lab)
    assert (org.name, org.legacy_dn, org.offline_address_book) == ("EHLO", "/o=EHLO", "Default Offline Address Book")


def test_exchange_servers(lab) -> None:
    servers = exchange.list_exchange_servers(lab)
    assert [(s.name, s.server_role, s.is_client_access_server, s.is_hub_transport_server, s.is_mailbox_server)
            for s in servers] == [
        ("CAS01", ("ClientAccess", "HubTransport"), True, True, False),
        ("CAS02", ("ClientAccess", "HubTransport"), True, True, False),
        ("MBX01", ("Mailbox",), False, False, True),
    ]
    cas02 = exchange.get_exchange_server(lab, "cas02.ehlo.dk")
    assert (cas02.fqdn, cas02.domain, cas02.site, cas02.edition, cas02.admin_display_version) == (
        "CAS02.ehlo.dk", "ehlo.dk", "ehlo.dk/Configuration/Sites/Default-First-Site-Name", "Standard",
        "Version 8.1 (Build 240.6)",
    )
    assert cas02.exchange_legacy_dn == (
        "/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Configuration/cn=Servers/cn=CAS02"
    )
    with pytest.raises(directory.ObjectNotFound, match="object 'DC01' could not be found"):
        exchange.get_exchange_server(lab, "DC01")


def test_client_access_settings(lab) -> None:
    assert exchange.list_client_access_servers(lab) == [
        ClientAccessServer("CAS01", "https://cas01.ehlo.dk/autodiscover/autodiscover.xml", ("Default-First-Site-Name",)),
        ClientAccessServer("CAS02", "https://cas02.ehlo.dk/autodiscover/autodiscover.xml", ("Default-First-Site-Name",)),
    ]
    updated = exchange.set_autodiscover_internal_uri(lab, "cas01", "https://mail.ehlo.dk/autodiscover/autodiscover.xml")
    assert exchange.get_client_access_server(lab, "CAS01") == updated
    assert updated.autodiscover_service_internal_uri == "https://mail.ehlo.dk/autodiscover/autodiscover.xml"
    with pytest.raises(directory.ObjectNotFound, match="object 'MBX01' could not be found"):
        exchange.get_client_access_server(lab, "MBX01")


def test_virtual_directories(lab) -> None:
    assert exchange.list_virtual_directories(lab, server="CAS02") == [
        VirtualDirectory("CAS02", "Autodiscover", "Autodiscover (Default Web Site)", None, None),
        VirtualDirectory("CAS02", "WebServices", "EWS (Default Web Site)", "https://cas02.ehlo.dk/EWS/Exchange.asmx", None),
        VirtualDirectory("CAS02", "ActiveSync", "Microsoft-Server-ActiveSync (Default Web Site)",
                         "https://cas02.ehlo.dk/Microsoft-Server-ActiveSync", None),
        VirtualDirectory("CAS02", "Oab", "OAB (Default Web Site)", "http://cas02.ehlo.dk/OAB", None),
        VirtualDirectory("CAS02", "Owa", "owa (Default Web Site)", "https://cas02.ehlo.dk/owa", None),
        VirtualDirectory("CAS02", "UM", "UnifiedMessaging (Default Web Site)",
                         "https://cas02.ehlo.dk/UnifiedMessaging/Service.asmx", None),
    ]
    assert [v.identity for v in exchange.list_virtual_directories(lab, kind="owa")] == [
        "CAS01\\owa (Default Web Site)", "CAS02\\owa (Default Web Site)"
    ]
    owa = exchange.set_virtual_directory_urls(lab, "cas01\\OWA (Default Web Site)", external_url="https://mail.ehlo.dk/owa")
    assert owa == VirtualDirectory("CAS01", "Owa", "owa (Default Web Site)", "https://cas01.ehlo.dk/owa",
                                   "https://mail.ehlo.dk/owa")
    assert exchange.get_virtual_directory(lab, "CAS01\\owa (Default Web Site)", kind="Owa") == owa
    cleared = exchange.set_virtual_directory_urls(lab, "CAS01\\owa (Default Web Site)", internal_url=None)
    assert (cleared.internal_url, cleared.external_url) == (None, "https://mail.ehlo.dk/owa")
    with pytest.raises(directory.AmbiguousIdentity):
        exchange.get_virtual_directory(lab, "owa (Default Web Site)")
    with pytest.raises(directory.ObjectNotFound):
        exchange.get_virtual_directory(lab, "CAS01\\owa (Default Web Site)", kind="WebServices")


def test_databases_and_accepted_domains(lab) -> None:
    assert exchange.list_databases(lab) == [MailboxDatabase("MBX01", "First Storage Group", "Mailbox Database")]
    assert exchange.list_databases(lab, server="CAS01") == []
    for identity in (DATABASE, "first storage group\\mailbox database", "Mailbox Database"):
        assert exchange.get_database(lab, identity).identity == DATABASE
    assert exchange.list_accepted_domains(lab) == [AcceptedDomain("ehlo.dk", "ehlo.dk", "Authoritative", True)]
    assert exchange.default_accepted_domain(lab).domain_name == "ehlo.dk"
    assert exchange.get_accepted_domain(lab, "EHLO.DK").name == "ehlo.dk"


# -- mailboxes -------------------------------------------------------------------------
def test_mailboxes(lab) -> None:
    assert [(m.alias, m.primary_smtp_address, m.server, m.database) for m in exchange.list_mailboxes(lab)] == [
        ("Administrator", "Administrator@ehlo.dk", "MBX01", DATABASE),
        ("ajensen", "ajensen@ehlo.dk", "MBX01", DATABASE),
        ("hwalther", "hwalther@ehlo.dk", "MBX01", DATABASE),
        ("lnielsen", "lnielsen@ehlo.dk", "MBX01", DATABASE),
    ]
    henrik = exchange.find_mailbox(lab, "hwalther")
    assert (henrik.name, henrik.display_name, henrik.identity, henrik.hidden) == (
        "Henrik Walther", "Henrik Walther", "ehlo.dk/Users/Henrik Walther", False
    )
    assert henrik.legacy_exchange_dn == "/o=EHLO/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=hwalther"
    assert exchange.list_mailboxes(lab, server="mbx01", database="Mailbox Database")[0].alias == "Administrator"


@pytest.mark.parametrize(
    "identity", ["hwalther", "HWALTHER@EHLO.DK", "EHLO\\hwalther", "Henrik Walther", "ehlo.dk/Users/Henrik Walther"]
)
def test_find_mailbox_and_user_by_any_name(lab, identity) -> None:
    assert exchange.find_mailbox(lab, identity).alias == "hwalther"
    assert exchange.find_recipient_user(lab, identity).sam_account_name == "hwalther"


def test_find_mailbox_not_found(lab) -> None:
    with pytest.raises(directory.ObjectNotFound) as caught:
        exchange.find_mailbox(lab, "CAS_{fbdd554565104f38}")
    assert str(caught.value) == NOT_FOUND.format("CAS_{fbdd554565104f38}")


def test_create_user_with_mailbox(lab) -> None:
    mailbox = exchange.create_user_with_mailbox(
        lab,
        name="CAS_{fbdd554565104f38}",
        alias="CAS_{fbdd554565104f38}",
        user_principal_name="CAS_fbdd554565104f38@ehlo.dk",
        password="Test-Passw0rd",
        database=DATABASE,
        hidden=True,
    )
    assert (mailbox.primary_smtp_address, mailbox.server, mailbox.hidden) == ("CAS_{fbdd554565104f38}@ehlo.dk", "MBX01", True)
    user = exchange.find_recipient_user(lab, "CAS_fbdd554565104f38@ehlo.dk")
    assert (user.sam_account_name, user.display_name) == ("CAS_{fbdd554565104f3", "CAS_{fbdd554565104f38}")
    assert directory.check_password(lab, user.sam_account_name, "Test-Passw0rd")
    assert exchange.set_mailbox_hidden(lab, "CAS_fbdd554565104f38@ehlo.dk", False).hidden is False
    with pytest.raises(exchange.RecipientExists, match=r"^The alias 'cas_\{fbdd554565104f38\}' is already used"):
        exchange.create_user_with_mailbox(lab, name="Other", alias="cas_{fbdd554565104f38}", password="x", database=DATABASE)
    with pytest.raises(directory.ObjectNotFound):
        exchange.create_user_with_mailbox(lab, name="Other", alias="other", password="x", database="MBX02\\SG\\DB")
    assert [u.sam_account_name for u in directory.list_users(lab)].count("other") == 0
