"""The Enterprise Root CA: installation, trust, registry, running configuration and issuance."""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from emshell.lab import ca, certstore, computers, keys, manage, pki
from emshell.lab.lab import Lab

START = datetime(2008, 3, 18, 10, 15, 32)  # the deterministic lab's clock
ADMIN = "EHLO\\Administrator"
ARTICLE_NAMES = ["mail.ehlo.dk", "autodiscover.ehlo.dk", "cas01.ehlo.dk", "cas02.ehlo.dk"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("ca") / "lab"
    manage.create_lab(root, deterministic=True).close()
    return root


@pytest.fixture
def lab(built, tmp_path):
    root = tmp_path / "lab"
    shutil.copytree(built, root)
    lab = Lab(root)
    with lab.transaction():
        yield lab
    lab.close()


@pytest.fixture
def authority(lab) -> ca.CertificationAuthority:
    return ca.get_ca(lab, "ehlo-DC01-CA")


def article_request(lab) -> bytes:
    """The article's New-ExchangeCertificate -GenerateRequest, as a PEM PKCS#10."""
    subject = pki.parse_windows_dn("C=dk, O=EHLO organization, CN=mailehlo.dk")
    csr = pki.build_request(keys.new_rsa_key(lab, 1024), subject, ARTICLE_NAMES)
    return csr.public_bytes(serialization.Encoding.PEM)


def web_server(lab, authority, extra: str = "") -> ca.Request:
    attributes = ca.parse_attributes("CertificateTemplate:WebServer" + extra)
    return ca.submit(lab, authority, article_request(lab), attributes, ADMIN)


def restart(lab) -> None:
    computers.stop_service(lab, "DC01", "CertSvc")
    computers.start_service(lab, "DC01", "CertSvc")


# -- installation -------------------------------------------------------------------------------
def test_ca_certificate(authority) -> None:
    cert = authority.certificate
    assert (authority.name, authority.computer) == ("ehlo-DC01-CA", "DC01")
    assert authority.config == "dc01.ehlo.dk\\ehlo-DC01-CA"
    assert pki.subject_string(cert) == "CN=ehlo-DC01-CA, DC=ehlo, DC=dk"
    assert [a.oid for a in cert.subject] == [NameOID.DOMAIN_COMPONENT, NameOID.DOMAIN_COMPONENT, NameOID.COMMON_NAME]
    assert [a.value for a in cert.subject] == ["dk", "ehlo", "ehlo-DC01-CA"]
    assert cert.issuer == cert.subject and pki.is_self_signed(cert)
    assert pki.public_key_size(cert) == 2048
    assert pki.naive_utc(cert.not_valid_before_utc) == START - timedelta(minutes=10)
    assert pki.naive_utc(cert.not_valid_after_utc) == datetime(2013, 3, 18, 10, 15, 32)
    constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca and constraints.value.path_length is None
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert (usage.digital_signature, usage.key_cert_sign, usage.crl_sign) == (True, True, True)
    assert not usage.key_encipherment
    assert ca.template_name_of(cert) == "CA" and ca.ca_version_of(cert) == "V0.0"
    assert len(pki.serial_hex(cert)) == 32


def test_trust_follows_domain_membership(lab, authority) -> None:
    thumbprint = pki.thumbprint(authority.certificate)
    physical = {}
    for computer in ("DC01", "CAS01", "CAS02", "MBX01", "CLIENT01", "HOMEPC"):
        entry = certstore.find(lab, computer, certstore.ROOT, thumbprint)
        physical[computer] = entry.physical if entry else None
    assert physical == {
        "DC01": "Registry", "CAS01": "Enterprise", "CAS02": "Enterprise", "MBX01": "Enterprise",
        "CLIENT01": "Enterprise", "HOMEPC": None,
    }


def test_registry_defaults(lab, authority) -> None:
    def read(path):
        value = ca.get_value(lab, authority, path)
        return value.type, value.data

    assert read("policy\\EditFlags") == ("REG_DWORD", 0x11014E)
    assert read("CA\\PolicyModules\\CertificateAuthority_MicrosoftDefault.Policy\\EditFlags") == ("REG_DWORD", 0x11014E)
    assert read("ca\\CRLFlags") == ("REG_DWORD", 2)
    assert read("ca\\ValidityPeriod") == ("REG_SZ", "Years")
    assert read("ca\\ValidityPeriodUnits") == ("REG_DWORD", 2)
    assert read("ca\\csp\\AlternateSignatureAlgorithm") == ("REG_DWORD", 0)
    assert read("ehlo-dc01-ca\\CAType") == ("REG_DWORD", 0)
    for missing in ("CA\\AuditFilter", "ca\\ClockSkewMinutes", "Active", "policy"):
        with pytest.raises(ca.RegistryValueNotFoundError, match="^The system cannot find the file specified.$"):
            ca.get_value(lab, authority, missing)


def test_registry_headers(authority) -> None:
    base = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration\\"
    policy = base + "ehlo-DC01-CA\\PolicyModules\\CertificateAuthority_MicrosoftDefault.Policy\\EditFlags"
    assert ca.registry_header(authority, "policy\\EditFlags") == policy
    long_form = "CA\\PolicyModules\\CertificateAuthority_MicrosoftDefault.Policy\\EditFlags"
    assert ca.registry_header(authority, long_form) == policy
    assert ca.registry_header(authority, "ca\\CRLFlags") == base + "ehlo-DC01-CA\\CRLFlags"
    assert ca.registry_header(authority, "ca\\csp\\AlternateSignatureAlgorithm") == base + "ehlo-DC01-CA\\csp"


def test_set_value_expressions(lab, authority) -> None:
    change = ca.set_value(lab, authority, "policy\\EditFlags", "+EDITF_ATTRIBUTESUBJECTALTNAME2")
    assert (change.old.data, change.new.data) == (0x11014E, 0x15014E)
    assert [name for name, _ in change.new.flags][-2:] == [
        "EDITF_ATTRIBUTESUBJECTALTNAME2", "EDITF_ENABLECHASECLIENTDC",
    ]
    assert ca.set_value(lab, authority, "policy\\EditFlags", "-edITF_attributesubjectaltname2").new.data == 0x11014E
    assert ca.set_value(lab, authority, "policy\\EditFlags", "\u2013EDITF_ENABLEAKIKEYID").new.data == 0x11004E
    assert ca.set_value(lab, authority, "policy\\EditFlags", "+0x100").new.data == 0x11014E
    assert ca.set_value(lab, authority, "ca\\CRLFlags", "10").new.data == 10
    change = ca.set_value(lab, authority, "CA\\AuditFilter", "0xCC")
    assert change.old is None and change.new == ca.RegistryValue("AuditFilter", "REG_DWORD", 0xCC)
    months = ca.set_value(lab, authority, "ca\\ValidityPeriod", "Months").new
    assert months == ca.RegistryValue("ValidityPeriod", "REG_SZ", "Months")
    with pytest.raises(ca.InvalidArgumentError, match="^The parameter is incorrect.$"):
        ca.set_value(lab, authority, "policy\\EditFlags", "+EDITF_NO_SUCH_FLAG")
    assert ca.get_value(lab, authority, "policy\\EditFlags").data == 0x11014E


# -- issuance -----------------------------------------------------------------------------------
def test_the_article_request_with_web_server(lab, authority) -> None:
    request = web_server(lab, authority)
    cert = request.certificate
    assert (request.request_id, request.issued, request.requester, request.template) == (2, True, ADMIN, "WebServer")
    assert (request.disposition, request.disposition_message, request.status_code) == (20, "Issued", 0)
    assert pki.dns_names(cert) == ARTICLE_NAMES
    assert pki.subject_string(cert) == "CN=mailehlo.dk, O=EHLO organization, C=dk"
    assert pki.issuer_string(cert) == "CN=ehlo-DC01-CA, DC=ehlo, DC=dk"
    assert cert.issuer == authority.certificate.subject
    assert request.common_name == "mailehlo.dk"
    assert (request.not_before, request.not_after) == (START - timedelta(minutes=10), datetime(2010, 3, 18, 10, 15, 32))
    assert len(request.serial) == 20 and request.serial.endswith("000000000002")
    assert request.serial == pki.serial_hex(cert).lower()
    eku = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert usage.critical and (usage.value.digital_signature, usage.value.key_encipherment) == (True, True)
    assert ca.template_name_of(cert) == "WebServer"
    aki = cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ski = authority.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    assert aki.key_identifier == ski.digest
    assert certstore.validate(lab, "CAS01", cert).status == "Valid"
    assert certstore.validate(lab, "HOMEPC", cert).status == "Untrusted"
    assert ca.retrieve(lab, authority, 2) == request
    assert ca.chain(authority, request) == [cert, authority.certificate]


def test_request_ids_count_up_and_are_kept(lab, authority) -> None:
    assert [web_server(lab, authority).request_id for _ in range(3)] == [2, 3, 4]
    assert [row.request_id for row in ca.list_requests(lab, authority)] == [2, 3, 4]
    with pytest.raises(ca.RequestNotFoundError, match="^Cannot find object or property.$"):
        ca.retrieve(lab, authority, 5)


def test_unknown_and_missing_templates_are_denied(lab, authority) -> None:
    denied = ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "WebSrv"}, ADMIN)
    assert (denied.request_id, denied.disposition) == (2, 31)
    assert denied.status_code == 0x80094800 and denied.certificate is None and denied.serial is None
    assert ca.chain(authority, denied) == []
    assert denied.disposition_message == (
        "Denied by Policy Module  0x80094800, The request was for certificate template (WebSrv) that is not "
        "supported by the Certificate Services policy."
    )
    assert denied.status_text == "The requested certificate template is not supported by this CA."
    missing = ca.submit(lab, authority, article_request(lab), {}, ADMIN)
    assert (missing.request_id, missing.disposition, missing.status_code) == (3, 31, 0x80094801)
    assert missing.disposition_message == (
        "Denied by Policy Module  0x80094801, The request does not contain a certificate template extension or "
        "the CertificateTemplate request attribute."
    )
    assert missing.status_text == "The request contains no certificate template information."
    root = ca.submit(lab, authority, article_request(lab), {"certificatetemplate": "CA"}, ADMIN)
    assert root.status_code == 0x80094800  # in the forest, but not a template the CA issues


def test_templates_that_build_the_subject_from_the_directory(lab, authority) -> None:
    user = ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "User"}, ADMIN)
    cert = user.certificate
    assert pki.subject_string(cert) == "E=Administrator@ehlo.dk, CN=Administrator, CN=Users, DC=ehlo, DC=dk"
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert [type(name).__name__ for name in names] == ["OtherName", "RFC822Name"]
    assert names.get_values_for_type(x509.OtherName)[0].value == b"\x0c\x15Administrator@ehlo.dk"
    assert pki.naive_utc(cert.not_valid_after_utc) == datetime(2009, 3, 18, 10, 15, 32)
    machine = ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "Machine"}, ADMIN)
    assert (machine.disposition, machine.status_code) == (31, 0x8009480F)
    assert machine.disposition_message == (
        "Denied by Policy Module  0x8009480f, The Enrollee (CN=Administrator,CN=Users,DC=ehlo,DC=dk) has no DNS "
        "name registered in the Active Directory. The certificate cannot be generated."
    )


def test_a_user_without_a_mailbox_gets_the_email_warning(lab, authority) -> None:
    lab.store.delete("mailbox", "administrator")
    user = ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "Administrator"}, ADMIN)
    # The warning rides in the disposition message; the status stays S_OK (a real -view capture).
    assert (user.issued, user.status_code, user.status_text) == (True, 0, "The operation completed successfully.")
    assert user.disposition_message == (
        "Issued  0x80094004, The Enrollee (CN=Administrator,CN=Users,DC=ehlo,DC=dk) has no E-Mail name registered "
        "in the Active Directory.  The E-Mail name will not be included in the certificate."
    )
    assert pki.subject_string(user.certificate) == "CN=Administrator, CN=Users, DC=ehlo, DC=dk"


def test_san_attribute_needs_the_flag_in_the_running_configuration(lab, authority) -> None:
    attribute = "\\nSAN:dns=mail.ehlo.dk&dns=owa.ehlo.dk"
    assert pki.dns_names(web_server(lab, authority, attribute).certificate) == ARTICLE_NAMES
    ca.set_value(lab, authority, "policy\\EditFlags", "+EDITF_ATTRIBUTESUBJECTALTNAME2")
    assert pki.dns_names(web_server(lab, authority, attribute).certificate) == ARTICLE_NAMES  # not restarted
    restart(lab)
    assert pki.dns_names(web_server(lab, authority, attribute).certificate) == ["mail.ehlo.dk", "owa.ehlo.dk"]
    assert pki.dns_names(web_server(lab, authority).certificate) == ARTICLE_NAMES  # no attribute: the extension
    ca.set_value(lab, authority, "policy\\EditFlags", "-EDITF_ATTRIBUTESUBJECTALTNAME2")
    assert pki.dns_names(web_server(lab, authority, attribute).certificate) == ["mail.ehlo.dk", "owa.ehlo.dk"]
    restart(lab)
    assert pki.dns_names(web_server(lab, authority, attribute).certificate) == ARTICLE_NAMES


def test_a_malformed_san_attribute_denies_the_request(lab, authority) -> None:
    ca.set_value(lab, authority, "policy\\EditFlags", "+EDITF_ATTRIBUTESUBJECTALTNAME2")
    restart(lab)
    denied = web_server(lab, authority, "\\nSAN:fax=12345")
    assert (denied.disposition, denied.status_code) == (31, 0x80070057)
    assert denied.status_text == "The parameter is incorrect."
    assert denied.disposition_message == "Denied by Policy Module  0x80070057, The parameter is incorrect."


def test_a_stopped_ca_cannot_be_reached(lab, authority) -> None:
    computers.stop_service(lab, "DC01", "certsvc")
    assert not ca.get_ca(lab, "ehlo-DC01-CA").running
    for call in (lambda: web_server(lab, authority), lambda: ca.retrieve(lab, authority, 2),
                 lambda: ca.list_requests(lab, authority)):
        with pytest.raises(ca.CAUnavailableError, match="^The RPC server is unavailable.$") as raised:
            call()
        assert raised.value.code == 0x800706BA
    computers.start_service(lab, "DC01", "certsvc")
    assert web_server(lab, authority).request_id == 2  # the failed calls took no RequestId


def test_validity_follows_the_running_period_and_the_ca_certificate(lab, authority) -> None:
    ca.set_value(lab, authority, "ca\\ValidityPeriodUnits", "1")
    assert web_server(lab, authority).not_after == datetime(2010, 3, 18, 10, 15, 32)
    restart(lab)
    assert web_server(lab, authority).not_after == datetime(2009, 3, 18, 10, 15, 32)
    ca.set_value(lab, authority, "ca\\ValidityPeriodUnits", "2")
    ca.set_value(lab, authority, "ca\\ClockSkewMinutes", "0")
    restart(lab)
    lab.clock.advance(timedelta(days=4 * 365))
    late = web_server(lab, authority)
    assert late.not_after == pki.naive_utc(authority.certificate.not_valid_after_utc)
    assert late.not_before == lab.clock.now()


def test_an_unreadable_request(lab, authority) -> None:
    junk = b"-----BEGIN NEW CERTIFICATE REQUEST-----\nAAAA\n-----END NEW CERTIFICATE REQUEST-----\n"
    with pytest.raises(ca.BadRequestError, match="^ASN1 bad tag value met.$"):
        ca.submit(lab, authority, junk, {}, ADMIN)


def test_finding_cas(lab, authority) -> None:
    assert ca.find_ca(lab, "DC01.EHLO.DK\\EHLO-dc01-ca") == authority
    assert ca.find_ca(lab, "dc01\\ehlo-DC01-CA") == authority
    for config in ("CAS01\\ehlo-DC01-CA", "DC02\\ehlo-DC01-CA", "DC01\\other-CA", "DC01"):
        with pytest.raises(ca.CAUnavailableError):
            ca.find_ca(lab, config)
    assert ca.local_ca(lab, "dc01") == authority and ca.local_ca(lab, "CAS01") is None
    assert [c.name for c in ca.visible_cas(lab, "CLIENT01")] == ["ehlo-DC01-CA"]
    assert ca.visible_cas(lab, "HOMEPC") == []


def test_parse_attributes() -> None:
    assert ca.parse_attributes("CertificateTemplate:WebServer\\nSAN:dns=a&dns=b") == {
        "CertificateTemplate": "WebServer", "SAN": "dns=a&dns=b",
    }
    assert ca.parse_attributes("CertificateTemplate: WebServer\r\nbogus\n") == {"CertificateTemplate": "WebServer"}


def test_add_period() -> None:
    leap = datetime(2008, 2, 29, 12, 0)
    assert ca.add_period(leap, 1, "Years") == datetime(2009, 2, 28, 12, 0)
    assert ca.add_period(leap, 1, "Months") == datetime(2008, 3, 29, 12, 0)
    assert ca.add_period(leap, 2, "Weeks") == datetime(2008, 3, 14, 12, 0)
