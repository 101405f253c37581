"""Certificate stores and Exchange's certificate operations, following the article."""
from __future__ import annotations

import base64
from datetime import datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID

from emshell.lab import certstore, pki
from emshell.lab.certstore import Services
from emshell.lab.lab import Lab

START = datetime(2008, 3, 18, 10, 15, 32)  # a deterministic lab's first instant
SAN_NAMES = ["mail.ehlo.dk", "autodiscover.ehlo.dk", "cas01.ehlo.dk", "cas02.ehlo.dk"]
ARTICLE_SUBJECT = "C=dk, O=EHLO organization, CN=mailehlo.dk"
OTHER_KEY = rsa.generate_private_key(65537, 1024)


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _article_request(lab: Lab, computer: str = "CAS01"):
    return certstore.generate_request(
        lab, computer, ARTICLE_SUBJECT, SAN_NAMES, key_size=1024, exportable=True, friendly_name="CAS SAN Certificate"
    )


def _yes(prompts: list[str]):
    def confirm(text: str) -> bool:
        prompts.append(text)
        return True
    return confirm


def _no(text: str) -> bool:
    return False


def _issued_san_certificate(lab: Lab, ca) -> certstore.CertificateView:
    csr, _ = _article_request(lab)
    ca.trust(lab, "CAS01")
    return certstore.import_certificate(lab, "CAS01", pki.build_p7b([ca.issue(csr), ca.cert]))


# -- setup certificate --------------------------------------------------------------------------
def test_setup_certificate(lab: Lab) -> None:
    view = certstore.create_setup_certificate(lab, "cas01")
    assert view.subject == view.issuer == "CN=CAS01"
    assert view.certificate_domains == ["CAS01", "CAS01.ehlo.dk"]
    assert (view.not_before, view.not_after) == (START, datetime(2009, 3, 18, 10, 15, 32))
    assert (view.status, view.root_ca_type, view.is_self_signed, view.has_private_key) == ("Valid", "Registry", True, True)
    assert view.services == Services.IMAP | Services.POP | Services.IIS | Services.SMTP == 27
    assert (view.public_key_size, view.friendly_name, view.private_key_exportable) == (2048, "Microsoft Exchange", False)
    assert len(view.serial) == 32 and view.certificate_request is None
    assert [e.thumbprint for e in certstore.list_store(lab, "CAS01", "root")] == [view.thumbprint]
    assert certstore.find(lab, "CAS01", "Root", view.thumbprint).physical == "Registry"
    for service in (Services.IIS, Services.POP, Services.IMAP, Services.SMTP):
        assert certstore.server_certificate(lab, "CAS01", service).thumbprint == view.thumbprint
    assert certstore.server_certificate(lab, "CAS01", Services.UM) is None
    assert certstore.server_certificate(lab, "CAS02", Services.IIS) is None
    assert not certstore.iis_requires_ssl(lab, "CAS01")


def test_deterministic_labs_make_identical_certificates(make_lab) -> None:
    views = []
    for name in ("a", "b"):
        lab = make_lab(name)
        with lab.transaction():
            views.append(certstore.create_setup_certificate(lab, "CAS01"))
    assert _der(views[0].cert) == _der(views[1].cert)
    assert views[0].thumbprint == "BCB1416B9E5E38628217241984264407069E4495"
    assert views[0].serial == "1A99304A7E048443DEA393C1EEEAD0F2"


# -- requests -----------------------------------------------------------------------------------
def test_article_request(lab: Lab) -> None:
    csr, entry = _article_request(lab)
    assert pki.format_windows_dn(csr.subject) == ARTICLE_SUBJECT
    assert pki.dns_names(csr) == SAN_NAMES
    assert csr.public_key().key_size == 1024 and csr.is_signature_valid
    assert (entry.store, entry.exportable, entry.friendly_name) == ("REQUEST", True, "CAS SAN Certificate")
    assert entry.request_der == csr.public_bytes(serialization.Encoding.DER)
    (view,) = certstore.exchange_certificates(lab, "CAS01")
    assert (view.thumbprint, view.status, view.root_ca_type, view.is_self_signed) == (
        entry.thumbprint, "PendingRequest", "Unknown", False)
    assert view.services == Services.NONE
    assert view.subject == ARTICLE_SUBJECT
    assert view.certificate_domains == ["mailehlo.dk", *SAN_NAMES]
    assert view.certificate_request == base64.b64encode(entry.request_der).decode()
    assert (view.has_private_key, view.private_key_exportable, view.public_key_size) == (True, True, 1024)


def test_request_defaults(lab: Lab) -> None:
    csr, entry = certstore.generate_request(lab, "CAS02")
    assert pki.format_windows_dn(csr.subject) == "CN=CAS02"
    assert pki.dns_names(csr) == ["CAS02", "CAS02.ehlo.dk"]
    assert (csr.public_key().key_size, entry.friendly_name, entry.exportable) == (2048, "Microsoft Exchange", False)
    csr, _ = certstore.generate_request(lab, "CAS02", "CN=mail.ehlo.dk", key_size=1024)
    assert pki.dns_names(csr) == ["mail.ehlo.dk"]


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"key_size": 512}, "512 is not a valid key size. Valid key sizes are 4096, 2048, and 1024."),
        ({"domains": ["mail.ehlo.dk", "mail_ehlo.dk"]}, "Domain name mail_ehlo.dk is not valid for a certificate."),
        ({"domains": ["mail..ehlo.dk"]}, "Domain name mail..ehlo.dk is not valid for a certificate."),
        ({"subject": "CN=mail"}, "You must specify at least one valid fully qualified domain name (FQDN) for "
                                 "either the Subject or the DomainName parameter."),
        ({"subject": "CN=mail", "domains": ["CAS01"]}, "You must specify at least one valid fully qualified "
                                                       "domain name (FQDN) for either the Subject or the DomainName parameter."),
        ({"friendly_name": "x" * 64}, "The friendly name is too long. The maximum allowed length is 63 characters."),
        ({"subject": "C=Denmark, CN=mail.ehlo.dk"}, "The string contains an invalid X500 name attribute key, oid, "
                                                    "value or delimiter."),
    ],
)
def test_request_validation(lab: Lab, arguments: dict, message: str) -> None:
    with pytest.raises(certstore.CertificateError if "X500" not in message else pki.InvalidNameError) as caught:
        certstore.generate_request(lab, "CAS01", **{"key_size": 1024, **arguments})
    assert str(caught.value) == message
    assert certstore.list_store(lab, "CAS01", "REQUEST") == []


def test_wildcard_and_netbios_domains_are_accepted(lab: Lab) -> None:
    csr, _ = certstore.generate_request(lab, "CAS01", "CN=mail.ehlo.dk", ["*.ehlo.dk", "CAS01"], key_size=1024)
    assert pki.dns_names(csr) == ["*.ehlo.dk", "CAS01"]


# -- import -------------------------------------------------------------------------------------
def test_import_p7b_answering_the_request(lab: Lab, ca) -> None:
    csr, request = _article_request(lab)
    ca.trust(lab, "CAS01")
    issued = ca.issue(csr)
    p7b_text = pki.base64_text(pki.build_p7b([issued, ca.cert]), "CERTIFICATE").encode()  # certsrv's certnew.p7b
    view = certstore.import_certificate(lab, "CAS01", p7b_text)
    assert view.thumbprint == pki.thumbprint(issued)
    assert (view.status, view.root_ca_type, view.is_self_signed, view.has_private_key) == ("Valid", "Enterprise", False, True)
    assert (view.private_key_exportable, view.friendly_name, view.services) == (True, "CAS SAN Certificate", Services.NONE)
    assert (view.subject, view.issuer) == (ARTICLE_SUBJECT, "CN=ehlo-DC01-CA, DC=ehlo, DC=dk")
    assert view.serial == "610A"
    assert certstore.list_store(lab, "CAS01", "REQUEST") == []
    entry = certstore.find(lab, "CAS01", "My", view.thumbprint)
    assert pki.same_public_key(entry.key.public_key(), certstore.StoreEntry.from_document(request.document()).key.public_key())
    assert certstore.list_store(lab, "CAS01", "CA") == []  # the root is not an intermediate
    with pytest.raises(certstore.CertificateExistsError) as caught:
        certstore.import_certificate(lab, "CAS01", p7b_text)
    assert str(caught.value) == f"Cannot import certificate. A certificate with the thumbprint {view.thumbprint} already exists."


@pytest.mark.parametrize("encoding", ["der", "base64", "pem"])
def test_import_cer_answering_the_request(lab: Lab, encoding: str, ca) -> None:
    csr, _ = _article_request(lab)
    ca.trust(lab, "CAS01")
    issued = ca.issue(csr)
    data = {"der": _der(issued), "base64": base64.b64encode(_der(issued)),
            "pem": issued.public_bytes(serialization.Encoding.PEM)}[encoding]
    view = certstore.import_certificate(lab, "CAS01", data, friendly_name="Renamed")
    assert (view.thumbprint, view.friendly_name, view.status) == (pki.thumbprint(issued), "Renamed", "Valid")


def test_import_with_an_untrusted_root_is_refused(lab: Lab, ca) -> None:
    csr, request = _article_request(lab)
    with pytest.raises(certstore.UntrustedRootError) as caught:
        certstore.import_certificate(lab, "CAS01", pki.build_p7b([ca.issue(csr), ca.cert]))
    assert str(caught.value) == (
        "The certificate chain terminated in a root certification authority which is not trusted by the trust "
        "provider. The root certificate must be installed in the computer's Trusted Root Certification "
        "Authorities store before this certificate can be imported."
    )
    assert [e.thumbprint for e in certstore.list_store(lab, "CAS01", "REQUEST")] == [request.thumbprint]
    assert certstore.list_store(lab, "CAS01", "Root") == []


def test_import_through_an_intermediate(lab: Lab, make_ca) -> None:
    root = make_ca("CN=Root CA")
    issuing = make_ca("CN=Issuing CA", issuer=root)
    csr, _ = _article_request(lab)
    root.trust(lab, "CAS01", physical="ThirdParty")
    view = certstore.import_certificate(lab, "CAS01", pki.build_p7b([root.cert, issuing.issue(csr), issuing.cert]))
    assert (view.status, view.root_ca_type, view.issuer) == ("Valid", "ThirdParty", "CN=Issuing CA")
    assert [e.thumbprint for e in certstore.list_store(lab, "CAS01", "CA")] == [pki.thumbprint(issuing.cert)]


def test_import_errors(lab: Lab, ca) -> None:
    ca.trust(lab, "CAS01")
    for garbage in (b"", b"not a certificate", b"\x30\x82\x01\x00" + bytes(50), base64.b64encode(b"junk" * 20)):
        with pytest.raises(certstore.CorruptDataError) as caught:
            certstore.import_certificate(lab, "CAS01", garbage)
        assert str(caught.value) == "The source data is corrupted or not properly Base64 encoded."

    stranger = ca.issue(pki.build_request(OTHER_KEY, pki.parse_windows_dn("CN=x.ehlo.dk"), ["x.ehlo.dk"]))
    with pytest.raises(certstore.NoMatchingRequestError) as caught:
        certstore.import_certificate(lab, "CAS01", _der(stranger))
    assert str(caught.value) == (
        "Cannot import certificate. No pending certificate request on this server matches the certificate "
        f"with thumbprint {pki.thumbprint(stranger)}."
    )

    keyless = pkcs12.serialize_key_and_certificates(None, None, stranger, None, serialization.BestAvailableEncryption(b"pw"))
    with pytest.raises(certstore.NoPrivateKeyImportError) as caught:
        certstore.import_certificate(lab, "CAS01", keyless, password="pw")
    assert str(caught.value) == (
        f"Cannot import certificate. The certificate with thumbprint {pki.thumbprint(stranger)} has no private key."
    )
    assert certstore.list_store(lab, "CAS01", "My") == []


# -- export and import on the second server ---------------------------------------------------
def test_export_and_import_on_the_second_server(lab: Lab, ca) -> None:
    san = _issued_san_certificate(lab, ca)
    pfx = certstore.export_pfx(lab, "CAS01", san.thumbprint.lower(), "P@ssw0rd")
    contents = pki.load_pfx(pfx, "P@ssw0rd")
    assert contents.cert == san.cert and contents.extra == [ca.cert]
    assert contents.friendly_name == "CAS SAN Certificate"

    with pytest.raises(certstore.WrongPasswordError) as caught:
        certstore.import_certificate(lab, "CAS02", pfx, password="wrong")
    assert str(caught.value) == "The source data cannot be imported or the wrong password was specified."
    with pytest.raises(certstore.WrongPasswordError):
        certstore.import_certificate(lab, "CAS02", pfx)
    with pytest.raises(certstore.CorruptDataError):
        certstore.import_certificate(lab, "CAS02", pfx[:-10], password="P@ssw0rd")

    ca.trust(lab, "CAS02")
    view = certstore.import_certificate(lab, "CAS02", pfx, password="P@ssw0rd")
    assert (view.thumbprint, view.status, view.root_ca_type, view.has_private_key) == (san.thumbprint, "Valid", "Enterprise", True)
    assert (view.friendly_name, view.private_key_exportable) == ("CAS SAN Certificate", False)
    mine = certstore.find(lab, "CAS01", "My", san.thumbprint).key
    theirs = certstore.find(lab, "CAS02", "My", san.thumbprint).key
    assert mine.private_numbers() == theirs.private_numbers()
    with pytest.raises(certstore.CertificateExistsError):
        certstore.import_certificate(lab, "CAS02", pfx, password="P@ssw0rd")


def test_import_pfx_on_a_server_that_does_not_trust_the_root(lab: Lab, ca) -> None:
    """A PFX carries its own key: no request, no trust needed; the view says Untrusted."""
    san = _issued_san_certificate(lab, ca)
    pfx = certstore.export_pfx(lab, "CAS01", san.thumbprint, "pw")
    view = certstore.import_certificate(lab, "CAS02", base64.b64encode(pfx), password="pw", exportable=True)
    assert (view.status, view.root_ca_type, view.private_key_exportable) == ("Untrusted", "Unknown", True)
    assert certstore.list_store(lab, "CAS02", "Root") == []


def test_export_errors(lab: Lab, ca) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    with pytest.raises(certstore.NotExportableError) as caught:
        certstore.export_pfx(lab, "CAS01", setup.thumbprint, "pw")
    assert str(caught.value) == (
        "The private key couldn't be exported as PKCS-12. It either couldn't be accessed or isn't exportable."
    )
    certstore.add_certificate(lab, "CAS01", "My", ca.cert)
    with pytest.raises(certstore.NoPrivateKeyExportError) as caught:
        certstore.export_pfx(lab, "CAS01", pki.thumbprint(ca.cert), "pw")
    assert str(caught.value) == (
        "The certificate does not have a private key. Certificates without a private key cannot be exported as PKCS-12."
    )
    san = _issued_san_certificate(lab, ca)
    for password in ("", None):
        with pytest.raises(certstore.PasswordRequiredError) as caught:
            certstore.export_pfx(lab, "CAS01", san.thumbprint, password)
    assert str(caught.value) == (
        "Exporting a certificate with its private key requires that a password be specified to protect the private key."
    )
    with pytest.raises(certstore.CertificateNotFoundError) as caught:
        certstore.export_pfx(lab, "CAS01", "00" * 20, "pw")
    assert str(caught.value) == f"The certificate with thumbprint {'00' * 20} was not found."


def test_export_of_a_pending_request_is_its_pkcs10(lab: Lab) -> None:
    csr, entry = _article_request(lab)
    assert certstore.export_pfx(lab, "CAS01", entry.thumbprint, None) == csr.public_bytes(serialization.Encoding.DER)


# -- enable -------------------------------------------------------------------------------------
def test_enable_like_the_article(lab: Lab, ca) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    san = _issued_san_certificate(lab, ca)
    prompts: list[str] = []
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.IIS | Services.POP | Services.IMAP,
                              confirm=_yes(prompts))
    assert prompts == []
    views = {v.thumbprint: v for v in certstore.exchange_certificates(lab, "CAS01")}
    assert views[san.thumbprint].services == Services.IMAP | Services.POP | Services.IIS
    assert views[setup.thumbprint].services == Services.SMTP
    assert certstore.server_certificate(lab, "CAS01", Services.IIS).thumbprint == san.thumbprint
    assert certstore.server_certificate(lab, "CAS01", Services.SMTP).thumbprint == setup.thumbprint
    assert certstore.iis_requires_ssl(lab, "CAS01")


def test_enable_keeps_ssl_optional_when_asked(lab: Lab, ca) -> None:
    san = _issued_san_certificate(lab, ca)
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.IIS, confirm=_no, do_not_require_ssl=True)
    assert not certstore.iis_requires_ssl(lab, "CAS01")
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.POP, confirm=_no)
    assert certstore.exchange_certificates(lab, "CAS01", san.thumbprint)[0].services == Services.POP | Services.IIS


def test_enable_smtp_asks_before_replacing_the_default_certificate(lab: Lab, ca) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    lab.clock.advance(timedelta(hours=15, minutes=2))
    san = _issued_san_certificate(lab, ca)
    prompts: list[str] = []
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.SMTP, confirm=lambda t: prompts.append(t) or False)
    assert prompts == [
        "Overwrite the existing default SMTP certificate?\n\n"
        f"Current certificate: '{setup.thumbprint}' (expires 3/18/2009 10:15:32 AM)\n"
        f"Replace it with certificate: '{san.thumbprint}' (expires 3/18/2010 10:15:32 AM)"
    ]
    # Answering No keeps the default but Network Service already reads the key: Services shows SMTP.
    assert certstore.server_certificate(lab, "CAS01", Services.SMTP).thumbprint == setup.thumbprint
    assert Services.SMTP in certstore.exchange_certificates(lab, "CAS01", san.thumbprint)[0].services
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.SMTP, confirm=_yes(prompts))
    assert len(prompts) == 2
    assert certstore.server_certificate(lab, "CAS01", Services.SMTP).thumbprint == san.thumbprint
    certstore.enable_services(lab, "CAS01", setup.thumbprint, Services.SMTP, confirm=_yes(prompts), force=True)
    assert len(prompts) == 2
    assert certstore.server_certificate(lab, "CAS01", Services.SMTP).thumbprint == setup.thumbprint


def test_prompt_dates_are_en_us() -> None:
    assert certstore.en_us(datetime(2027, 12, 30, 14, 39, 8)) == "12/30/2027 2:39:08 PM"
    assert certstore.en_us(datetime(2028, 1, 5, 0, 4, 48)) == "1/5/2028 12:04:48 AM"
    assert certstore.en_us(datetime(2028, 1, 5, 12, 0, 0)) == "1/5/2028 12:00:00 PM"


def test_enable_errors(lab: Lab, ca) -> None:
    _, request = _article_request(lab)
    for thumbprint in ("AB" * 20, request.thumbprint):
        with pytest.raises(certstore.CertificateNotFoundError) as caught:
            certstore.enable_services(lab, "CAS01", thumbprint, Services.IIS, confirm=_no)
        assert str(caught.value) == f"The certificate with thumbprint {thumbprint} was not found."
    certstore.add_certificate(lab, "CAS01", "My", ca.cert)
    with pytest.raises(certstore.CertificateNotValidError) as caught:
        certstore.enable_services(lab, "CAS01", pki.thumbprint(ca.cert), Services.IIS, confirm=_no)
    assert str(caught.value) == (
        f"The certificate with thumbprint {pki.thumbprint(ca.cert)} was found but is not valid for use with "
        "Exchange Server (reason: PrivateKeyMissing)."
    )
    client = pki.self_signed_certificate(OTHER_KEY, pki.parse_windows_dn("CN=client"), [], START, START + timedelta(days=9),
                                         3, ekus=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    certstore.add_certificate(lab, "CAS01", "My", client, OTHER_KEY)
    with pytest.raises(certstore.CertificateNotValidError) as caught:
        certstore.enable_services(lab, "CAS01", pki.thumbprint(client), Services.IIS, confirm=_no)
    assert str(caught.value).endswith("(reason: PkixKpServerAuthNotFoundInEnhancedKeyUsage).")


# -- remove -------------------------------------------------------------------------------------
def test_remove(lab: Lab, ca) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    with pytest.raises(certstore.TransportCertificateRemovalError) as caught:
        certstore.remove(lab, "CAS01", setup.thumbprint)
    assert str(caught.value).startswith("The internal transport certificate cannot be removed because")
    san = _issued_san_certificate(lab, ca)
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.IIS | Services.IMAP, confirm=_no)
    certstore.remove(lab, "CAS01", san.thumbprint)
    assert certstore.server_certificate(lab, "CAS01", Services.IIS) is None
    assert certstore.server_certificate(lab, "CAS01", Services.POP).thumbprint == setup.thumbprint
    _, request = certstore.generate_request(lab, "CAS01", "CN=mail.ehlo.dk", key_size=1024)
    certstore.remove(lab, "CAS01", request.thumbprint)
    assert [v.thumbprint for v in certstore.exchange_certificates(lab, "CAS01")] == [setup.thumbprint]
    with pytest.raises(certstore.CertificateNotFoundError):
        certstore.remove(lab, "CAS01", request.thumbprint)
    with pytest.raises(certstore.CertificateNotFoundError):
        certstore.remove_certificate(lab, "CAS01", "CA", setup.thumbprint)


# -- listing and status -------------------------------------------------------------------------
def test_listing_order_and_filters(lab: Lab, ca, make_ca) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    lab.clock.advance(timedelta(minutes=5))
    san = _issued_san_certificate(lab, ca)
    lab.clock.advance(timedelta(minutes=5))
    _, request = certstore.generate_request(lab, "CAS01", "CN=owa.ehlo.dk", key_size=1024)
    keyless = make_ca("CN=keyless").cert
    certstore.add_certificate(lab, "CAS01", "My", keyless)
    listed = [v.thumbprint for v in certstore.exchange_certificates(lab, "CAS01")]
    # Newest NotBefore first; the SAN certificate's NotBefore is the test CA's START, the setup
    # certificate's too, and equal NotBefores keep thumbprint order.
    assert listed == [request.thumbprint, *sorted([san.thumbprint, setup.thumbprint])]
    assert certstore.exchange_certificates(lab, "CAS01", pki.thumbprint(keyless))[0].has_private_key is False
    spaced = " ".join(san.thumbprint[i:i + 2] for i in range(0, 40, 2)).lower()
    assert certstore.exchange_certificates(lab, "CAS01", spaced)[0].thumbprint == san.thumbprint
    with pytest.raises(certstore.CertificateNotFoundError):
        certstore.exchange_certificates(lab, "CAS01", "12" * 20)
    assert [v.thumbprint for v in certstore.exchange_certificates(lab, "CAS01", domains=["CAS01.EHLO.DK"])] == [
        san.thumbprint, setup.thumbprint]
    assert certstore.exchange_certificates(lab, "CAS01", domains=["owa.ehlo.dk"]) == []
    assert certstore.exchange_certificates(lab, "CAS02") == []


def test_status_follows_lab_time_and_trust(lab: Lab, ca) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    san = _issued_san_certificate(lab, ca)
    fresh = certstore.new_self_signed(lab, "CAS01", confirm=_no, services=Services.NONE, subject="CN=test.ehlo.dk")
    assert (fresh.status, fresh.root_ca_type, fresh.is_self_signed) == ("Valid", "None", True)

    certstore.remove_certificate(lab, "CAS01", "Root", pki.thumbprint(ca.cert))
    (view,) = certstore.exchange_certificates(lab, "CAS01", san.thumbprint)
    assert (view.status, view.root_ca_type) == ("Untrusted", "Unknown")

    lab.clock.advance(timedelta(days=366))
    (view,) = certstore.exchange_certificates(lab, "CAS01", setup.thumbprint)
    assert (view.status, view.root_ca_type) == ("DateInvalid", "Registry")
    assert certstore.validate(lab, "CAS01", setup.cert).problems == ["NotTimeValid"]


def test_new_self_signed(lab: Lab) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    prompts: list[str] = []
    lab.clock.advance(timedelta(days=1))
    view = certstore.new_self_signed(lab, "CAS01", confirm=_yes(prompts), exportable=True)
    assert (view.subject, view.certificate_domains, view.public_key_size) == ("CN=CAS01", ["CAS01", "CAS01.ehlo.dk"], 2048)
    assert view.services == Services.IMAP | Services.POP | Services.SMTP
    assert (view.friendly_name, view.private_key_exportable, view.not_after) == (
        "Microsoft Exchange", True, datetime(2009, 3, 19, 10, 15, 32))
    assert len(prompts) == 1 and setup.thumbprint in prompts[0]
    assert certstore.server_certificate(lab, "CAS01", Services.SMTP).thumbprint == view.thumbprint
    # POP and IMAP now look for "CAS01", which the setup certificate carries too: it shows them,
    # and the services take the newest certificate with the name
    assert certstore.exchange_certificates(lab, "CAS01", setup.thumbprint)[0].services == (
        Services.IMAP | Services.POP | Services.IIS | Services.SMTP)
    assert certstore.server_certificate(lab, "CAS01", Services.POP).thumbprint == view.thumbprint


def test_pop_and_imap_follow_their_certificate_name(lab: Lab, ca) -> None:
    """POP3/IMAP4 look for a name (the server's FQDN after setup): every certificate carrying it
    shows P and I, and the services use a CA-issued one before a self-signed one (§6.3)."""
    setup = certstore.create_setup_certificate(lab, "CAS01")
    assert certstore.server_certificate(lab, "CAS01", Services.POP).thumbprint == setup.thumbprint
    san = _issued_san_certificate(lab, ca)  # carries cas01.ehlo.dk among its names
    assert certstore.exchange_certificates(lab, "CAS01", san.thumbprint)[0].services == Services.IMAP | Services.POP
    assert certstore.server_certificate(lab, "CAS01", Services.IMAP).thumbprint == san.thumbprint
    certstore.enable_services(lab, "CAS01", san.thumbprint, Services.POP, confirm=_no)  # now "mailehlo.dk"
    assert certstore.exchange_certificates(lab, "CAS01", setup.thumbprint)[0].services == (
        Services.IMAP | Services.IIS | Services.SMTP)
    certstore.remove(lab, "CAS01", san.thumbprint)
    assert certstore.server_certificate(lab, "CAS01", Services.POP) is None  # no certificate has the name


def test_add_certificate_replaces_and_keeps_the_key(lab: Lab) -> None:
    setup = certstore.create_setup_certificate(lab, "CAS01")
    entry = certstore.add_certificate(lab, "CAS01", "my", setup.cert, friendly_name="Renamed")
    assert (entry.store, entry.friendly_name, entry.key_pem is not None) == ("My", "Renamed", True)
    with pytest.raises(ValueError):
        certstore.add_certificate(lab, "CAS01", "Nowhere", setup.cert)
    with pytest.raises(ValueError):
        certstore.add_certificate(lab, "CAS01", "Root", setup.cert, physical="Somewhere")
    assert certstore.trusted_roots(lab, "CAS01") == [setup.cert]
    assert certstore.intermediates(lab, "CAS01") == []


def test_deterministic_labs_export_identical_pfx_files(make_lab, ca) -> None:
    exports = []
    for name in ("a", "b"):
        lab = make_lab(name)
        with lab.transaction():
            view = _issued_san_certificate(lab, ca)
            exports.append(certstore.export_pfx(lab, "CAS01", view.thumbprint, "P@ssw0rd"))
    assert exports[0] == exports[1]
    assert pki.load_pfx(exports[0], "P@ssw0rd").friendly_name == "CAS SAN Certificate"
