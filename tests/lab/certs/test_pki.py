"""PKI primitives: Windows names, certificate facts, file formats, chain and TLS checks."""
from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from emshell.lab import pki

NOW = datetime(2008, 3, 18, 10, 15, 32)
KEY = rsa.generate_private_key(65537, 1024)
CA_KEY = rsa.generate_private_key(65537, 1024)


def _ca(name: str = "CN=ehlo-DC01-CA, DC=ehlo, DC=dk", key=CA_KEY, not_after=NOW + timedelta(days=3650)):
    return pki.self_signed_certificate(
        key, pki.parse_windows_dn(name), [], NOW - timedelta(days=1), not_after, 1, ekus=(), is_ca=True
    )


def _issue(issuer: x509.Certificate, issuer_key, subject: str, names=(), *, key=KEY, ca=False,
           not_before=NOW - timedelta(hours=1), not_after=NOW + timedelta(days=730),
           ekus=(ExtendedKeyUsageOID.SERVER_AUTH,), serial=0x1A2B3C):
    builder = (
        x509.CertificateBuilder()
        .subject_name(pki.parse_windows_dn(subject))
        .issuer_name(issuer.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName(n) for n in names]), False)
    if ekus:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(ekus)), False)
    if ca is not None:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
    return builder.sign(issuer_key, hashes.SHA256())


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _stream(seed: bytes = b"salt"):
    """A reproducible random source for PKCS#12 salts."""
    counter = iter(range(10**6))
    return lambda size: hashlib.sha256(seed + bytes([next(counter)])).digest()[:size]


# -- names ------------------------------------------------------------------------------------
def test_article_subject_is_encoded_in_reverse_order() -> None:
    name = pki.parse_windows_dn("C=dk, O=EHLO organization, CN=mailehlo.dk")
    assert name.rfc4514_string() == "C=dk,O=EHLO organization,CN=mailehlo.dk"  # RFC 4514 is reversed DER
    assert [rdn.get_attributes_for_oid(NameOID.COMMON_NAME) != [] for rdn in name.rdns] == [True, False, False]
    assert pki.format_windows_dn(name) == "C=dk, O=EHLO organization, CN=mailehlo.dk"


@pytest.mark.parametrize(
    "typed, formatted",
    [
        ("c=US, o=Woodgrove Bank, cn=mail1.woodgrovebank.com", "C=US, O=Woodgrove Bank, CN=mail1.woodgrovebank.com"),
        ("c=BR, s=PR, l=Curitiba, o=CA Nakamura Inc., ou=IT, cn=mail.nakamura.local",
         "C=BR, S=PR, L=Curitiba, O=CA Nakamura Inc., OU=IT, CN=mail.nakamura.local"),
        ("CN=ehlo-DC01-CA; DC=ehlo; DC=dk", "CN=ehlo-DC01-CA, DC=ehlo, DC=dk"),
        ("ST=Jutland,Email=admin@ehlo.dk,  CN = x ", "S=Jutland, E=admin@ehlo.dk, CN=x"),
        ('O="EHLO, Inc.", CN=a', 'O="EHLO, Inc.", CN=a'),
        ('O="Say ""hi""", CN=a', 'O="Say ""hi""", CN=a'),
        ('CN=" padded "', 'CN=" padded "'),
        ("OU=A + CN=b, O=c", "OU=A + CN=b, O=c"),
        ("STREET=1 Road, T=Admin, SN=Smith, G=Ann, SERIALNUMBER=42, OID.1.2.3.4=z",
         "STREET=1 Road, T=Admin, SN=Smith, G=Ann, SERIALNUMBER=42, OID.1.2.3.4=z"),
        ("", ""),
    ],
)
def test_names_round_trip(typed: str, formatted: str) -> None:
    assert pki.format_windows_dn(pki.parse_windows_dn(typed)) == formatted


@pytest.mark.parametrize(
    "text",
    ["CN", "CN=a,", "XX=a", "CN=", 'CN="open', 'CN="a" b', "C=Denmark", "CN=a=b", 'CN=a"b', "CN=a,,O=b", "=a"],
)
def test_malformed_names_are_refused(text: str) -> None:
    with pytest.raises(pki.InvalidNameError) as caught:
        pki.parse_windows_dn(text)
    assert str(caught.value) == "The string contains an invalid X500 name attribute key, oid, value or delimiter."


# -- certificate facts --------------------------------------------------------------------------
def test_serial_numbers_print_like_dotnet() -> None:
    ca = _ca()
    assert pki.serial_hex(_issue(ca, CA_KEY, "CN=a", serial=0x1A2B3C)) == "1A2B3C"
    assert pki.serial_hex(_issue(ca, CA_KEY, "CN=a", serial=0x8A2B3C)) == "008A2B3C"
    assert pki.serial_hex(_issue(ca, CA_KEY, "CN=a", serial=0x03AC)) == "03AC"


def test_certificate_facts() -> None:
    ca = _ca()
    leaf = _issue(ca, CA_KEY, "C=dk, O=EHLO organization, CN=mailehlo.dk", ["mail.ehlo.dk", "cas01.ehlo.dk"])
    assert pki.thumbprint(leaf) == leaf.fingerprint(hashes.SHA1()).hex().upper()
    assert len(pki.thumbprint(leaf)) == 40
    assert pki.dns_names(leaf) == ["mail.ehlo.dk", "cas01.ehlo.dk"]
    assert pki.dns_names(ca) == []
    assert pki.public_key_size(leaf) == 1024
    assert pki.subject_string(leaf) == "C=dk, O=EHLO organization, CN=mailehlo.dk"
    assert pki.issuer_string(leaf) == "CN=ehlo-DC01-CA, DC=ehlo, DC=dk"
    assert pki.is_self_signed(ca) and not pki.is_self_signed(leaf)
    assert pki.same_public_key(leaf.public_key(), KEY.public_key())
    assert not pki.same_public_key(leaf.public_key(), CA_KEY.public_key())


def test_request_carries_names_and_key_usage() -> None:
    request = pki.build_request(KEY, pki.parse_windows_dn("CN=mail.ehlo.dk"), ["mail.ehlo.dk", "autodiscover.ehlo.dk"])
    assert request.is_signature_valid
    assert pki.dns_names(request) == ["mail.ehlo.dk", "autodiscover.ehlo.dk"]
    san = request.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    usage = request.extensions.get_extension_for_class(x509.KeyUsage)
    assert not san.critical
    assert usage.value.digital_signature and usage.value.key_encipherment and not usage.value.key_cert_sign
    assert isinstance(request.signature_hash_algorithm, hashes.SHA256)


def test_self_signed_certificate() -> None:
    cert = pki.self_signed_certificate(
        KEY, pki.parse_windows_dn("CN=CAS01"), ["CAS01", "CAS01.ehlo.dk"], NOW, NOW + timedelta(days=365), 77
    )
    assert pki.is_self_signed(cert)
    assert pki.dns_names(cert) == ["CAS01", "CAS01.ehlo.dk"]
    assert cert.serial_number == 77
    assert cert.not_valid_before_utc.replace(tzinfo=None) == NOW
    assert list(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [ExtendedKeyUsageOID.SERVER_AUTH]
    with pytest.raises(x509.ExtensionNotFound):
        cert.extensions.get_extension_for_class(x509.BasicConstraints)
    assert _ca().extensions.get_extension_for_class(x509.BasicConstraints).value.ca


# -- file formats -------------------------------------------------------------------------------
def test_base64_text_is_windows_style() -> None:
    text = pki.base64_text(bytes(range(100)), "NEW CERTIFICATE REQUEST")
    lines = text.split("\r\n")
    assert lines[0] == "-----BEGIN NEW CERTIFICATE REQUEST-----"
    assert [len(line) for line in lines[1:-2]] == [64, 64, 8]
    assert base64.b64decode("".join(lines[1:-2])) == bytes(range(100))
    assert lines[-2] == "-----END NEW CERTIFICATE REQUEST-----" and lines[-1] == ""
    assert pki.base64_text(b"\x00\x01") == "AAE=\r\n"


def test_certificates_load_from_every_encoding() -> None:
    ca = _ca()
    leaf = _issue(ca, CA_KEY, "CN=mail.ehlo.dk")
    der = _der(leaf)
    b64 = base64.b64encode(der)
    pem = leaf.public_bytes(serialization.Encoding.PEM)
    p7b = pki.build_p7b([leaf, ca])
    p7b_b64 = base64.b64encode(p7b)
    forms = {
        "der": der,
        "pem": pem,
        "pem-crlf": pem.replace(b"\n", b"\r\n"),
        "bare base64": b64,
        "wrapped base64": b"\r\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) + b"\r\n",
        "spaced base64": b"  " + b64 + b" \n",
        "utf-16 pem": b"\xff\xfe" + pem.decode().encode("utf-16-le"),
        "utf-16 no bom": pem.decode().encode("utf-16-le"),
    }
    for form, data in forms.items():
        assert pki.load_certificates(data) == [leaf], form
    bundles = {
        "p7b der": p7b,
        "p7b pem": b"-----BEGIN PKCS7-----\n" + p7b_b64 + b"\n-----END PKCS7-----\n",
        "p7b as certsrv base64": pki.base64_text(p7b, "CERTIFICATE").encode(),
        "p7b bare base64": p7b_b64,
    }
    for form, data in bundles.items():
        assert {pki.thumbprint(c) for c in pki.load_certificates(data)} == {pki.thumbprint(leaf), pki.thumbprint(ca)}, form


def test_requests_load_from_every_encoding() -> None:
    request = pki.build_request(KEY, pki.parse_windows_dn("CN=a.b"), ["a.b"])
    der = request.public_bytes(serialization.Encoding.DER)
    for data in (der, request.public_bytes(serialization.Encoding.PEM), pki.base64_text(der, "NEW CERTIFICATE REQUEST").encode(),
                 base64.b64encode(der)):
        assert pki.load_request(data) == request
    with pytest.raises(pki.UnreadableDataError):
        pki.load_request(_der(_ca()))


def test_pfx_round_trip_and_errors() -> None:
    ca = _ca()
    leaf = _issue(ca, CA_KEY, "CN=mail.ehlo.dk")
    pfx = pki.build_pfx(KEY, leaf, [ca], "P@ssw0rd", "CAS SAN Certificate", _stream())
    contents = pki.load_pfx(pfx, "P@ssw0rd")
    assert contents.cert == leaf and contents.extra == [ca] and contents.friendly_name == "CAS SAN Certificate"
    assert pki.same_public_key(contents.key.public_key(), KEY.public_key())
    assert pki.load_pfx(base64.b64encode(pfx), "P@ssw0rd").cert == leaf
    for wrong in ("wrong", "", None):
        with pytest.raises(pki.PfxPasswordError) as caught:
            pki.load_pfx(pfx, wrong)
        assert str(caught.value) == "The specified network password is not correct."
    for corrupt in (pfx[:-1], pfx[: len(pfx) // 2], b"", _der(leaf), b"\x30\x03\x02\x01\x03"):
        with pytest.raises(pki.UnreadableDataError) as caught:
            pki.load_pfx(corrupt, "P@ssw0rd")
        assert str(caught.value) == "Cannot find the requested object."


def test_pfx_bytes_depend_only_on_the_random_source() -> None:
    ca = _ca()
    leaf = _issue(ca, CA_KEY, "CN=mail.ehlo.dk")
    first = pki.build_pfx(KEY, leaf, [ca], "pw", "name", _stream())
    assert first == pki.build_pfx(KEY, leaf, [ca], "pw", "name", _stream())
    assert first != pki.build_pfx(KEY, leaf, [ca], "pw", "name", _stream(b"other"))
    with pytest.raises(ValueError):
        pki.build_pfx(KEY, leaf, [], "", "name", _stream())
    unnamed = pki.load_pfx(pki.build_pfx(KEY, leaf, [], "pw", "", _stream()), "pw")
    assert (unnamed.friendly_name, unnamed.extra) == ("", [])


def test_pfx_without_password() -> None:
    leaf = _issue(_ca(), CA_KEY, "CN=mail.ehlo.dk")
    from cryptography.hazmat.primitives.serialization import pkcs12

    pfx = pkcs12.serialize_key_and_certificates(None, KEY, leaf, None, serialization.NoEncryption())
    assert pki.load_pfx(pfx, None).cert == leaf
    assert pki.load_pfx(pfx, "").cert == leaf


@pytest.mark.parametrize("data", [b"", b"   \r\n", b"\x00" * 10, b"hello world", b"-----BEGIN CERTIFICATE-----\n!!\n-----END CERTIFICATE-----",
                                  b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", b"QUJD", b"\x30\x82\xff\xff"])
def test_unreadable_data(data: bytes) -> None:
    with pytest.raises(pki.UnreadableDataError):
        pki.load_certificates(data)
    with pytest.raises(pki.UnreadableDataError):
        pki.load_request(data)
    with pytest.raises(pki.UnreadableDataError):
        pki.load_pfx(data, "x")


def _only_pki_errors(data: bytes) -> None:
    for load in (pki.load_certificates, pki.load_request, lambda d: pki.load_pfx(d, "P@ssw0rd")):
        try:
            load(data)
        except pki.PkiError:
            pass


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_garbage_raises_only_pki_errors(data: bytes) -> None:
    _only_pki_errors(data)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=60).map(lambda b: b"-----BEGIN CERTIFICATE-----\n" + base64.b64encode(b) + b"\n-----END CERTIFICATE-----\n"))
def test_garbage_pem_raises_only_pki_errors(data: bytes) -> None:
    _only_pki_errors(data)


def test_truncated_and_damaged_files_raise_only_pki_errors() -> None:
    """Every truncation and a flipped byte at every position of each kind of file."""
    ca = _ca()
    leaf = _issue(ca, CA_KEY, "CN=mail.ehlo.dk", ["mail.ehlo.dk"])
    request = pki.build_request(KEY, pki.parse_windows_dn("CN=a.b"), ["a.b"]).public_bytes(serialization.Encoding.DER)
    samples = [_der(leaf), pki.build_p7b([leaf, ca]), request, pki.build_pfx(KEY, leaf, [ca], "P@ssw0rd", "x", _stream())]
    for sample in samples:
        for position in range(len(sample)):
            _only_pki_errors(sample[:position])
            damaged = bytearray(sample)
            damaged[position] ^= 0x81
            _only_pki_errors(bytes(damaged))


# -- chains -------------------------------------------------------------------------------------
def test_chain_statuses() -> None:
    ca = _ca()
    leaf = _issue(ca, CA_KEY, "CN=mail.ehlo.dk", ["mail.ehlo.dk"])
    valid = pki.validate_chain(leaf, [], [ca], NOW)
    assert (valid.status, valid.problems, valid.chain, valid.root) == ("Valid", [], [leaf, ca], ca)

    untrusted = pki.validate_chain(leaf, [ca], [], NOW)
    assert (untrusted.status, untrusted.problems, untrusted.only_untrusted_root) == ("Untrusted", ["UntrustedRoot"], True)

    partial = pki.validate_chain(leaf, [], [], NOW)
    assert (partial.status, partial.problems, partial.chain, partial.root) == ("Untrusted", ["PartialChain"], [leaf], None)

    expired = pki.validate_chain(leaf, [], [ca], NOW + timedelta(days=731))
    assert (expired.status, expired.problems) == ("DateInvalid", ["NotTimeValid"])
    early = pki.validate_chain(leaf, [], [ca], NOW - timedelta(hours=2))
    assert early.problems == ["NotTimeValid"]

    forged = _issue(_ca(key=KEY), KEY, "CN=mail.ehlo.dk")  # names ehlo-DC01-CA but signed by another key
    bad = pki.validate_chain(forged, [], [ca], NOW)
    assert (bad.status, bad.problems) == ("Invalid", ["NotSignatureValid"])


def test_chain_through_an_intermediate_checks_basic_constraints() -> None:
    root = _ca("CN=Root")
    sub_key = rsa.generate_private_key(65537, 1024)
    sub = _issue(root, CA_KEY, "CN=Issuing", key=sub_key, ca=True, ekus=())
    leaf = _issue(sub, sub_key, "CN=mail.ehlo.dk")
    result = pki.validate_chain(leaf, [sub], [root], NOW)
    assert (result.status, result.chain) == ("Valid", [leaf, sub, root])

    not_ca = _issue(root, CA_KEY, "CN=Issuing", key=sub_key, ca=False, ekus=())
    result = pki.validate_chain(leaf, [not_ca], [root], NOW)
    assert (result.status, result.problems) == ("Invalid", ["InvalidBasicConstraints"])

    expired_root = _ca("CN=Root", not_after=NOW - timedelta(seconds=1))
    result = pki.validate_chain(leaf, [sub], [expired_root], NOW)
    assert (result.status, result.problems) == ("DateInvalid", ["NotTimeValid"])


def test_self_signed_leaf() -> None:
    cert = pki.self_signed_certificate(KEY, pki.parse_windows_dn("CN=CAS01"), ["CAS01"], NOW, NOW + timedelta(days=365), 5)
    assert pki.validate_chain(cert, [], [], NOW).problems == ["UntrustedRoot"]
    assert pki.validate_chain(cert, [], [cert], NOW).status == "Valid"
    assert pki.validate_chain(cert, [], [], NOW + timedelta(days=366)).problems == ["NotTimeValid", "UntrustedRoot"]


# -- TLS client check ---------------------------------------------------------------------------
def test_server_certificate_names() -> None:
    ca = _ca()
    san = _issue(ca, CA_KEY, "CN=mailehlo.dk", ["mail.ehlo.dk", "autodiscover.ehlo.dk"])
    chain = pki.validate_chain(san, [], [ca], NOW)
    assert pki.check_server_certificate(san, chain, "MAIL.ehlo.dk.").ok
    assert pki.check_server_certificate(san, chain, "autodiscover.ehlo.dk").ssl_policy_errors == "None"
    mismatch = pki.check_server_certificate(san, chain, "mailehlo.dk")  # the CN does not count next to SANs
    assert (mismatch.policy_errors, mismatch.chain_status) == (["RemoteCertificateNameMismatch"], [])

    cn_only = _issue(ca, CA_KEY, "CN=cas01.ehlo.dk")
    assert pki.check_server_certificate(cn_only, pki.validate_chain(cn_only, [], [ca], NOW), "cas01.ehlo.dk").ok

    wildcard = _issue(ca, CA_KEY, "CN=*.ehlo.dk", ["*.ehlo.dk"])
    result = pki.validate_chain(wildcard, [], [ca], NOW)
    assert pki.check_server_certificate(wildcard, result, "mail.ehlo.dk").ok
    assert not pki.check_server_certificate(wildcard, result, "ehlo.dk").ok
    assert not pki.check_server_certificate(wildcard, result, "a.mail.ehlo.dk").ok


def test_server_certificate_chain_errors() -> None:
    ca = _ca()
    setup = pki.self_signed_certificate(KEY, pki.parse_windows_dn("CN=CAS01"), ["CAS01", "CAS01.ehlo.dk"], NOW,
                                        NOW + timedelta(days=365), 9)
    check = pki.check_server_certificate(setup, pki.validate_chain(setup, [], [ca], NOW), "mail.ehlo.dk")
    assert check.ssl_policy_errors == "RemoteCertificateNameMismatch, RemoteCertificateChainErrors"
    assert check.chain_status == ["UntrustedRoot"]
    later = NOW + timedelta(days=400)
    check = pki.check_server_certificate(setup, pki.validate_chain(setup, [], [setup], later), "cas01.ehlo.dk")
    assert (check.policy_errors, check.chain_status) == (["RemoteCertificateChainErrors"], ["NotTimeValid"])

    client_only = _issue(ca, CA_KEY, "CN=mail.ehlo.dk", ekus=(ExtendedKeyUsageOID.CLIENT_AUTH,))
    check = pki.check_server_certificate(client_only, pki.validate_chain(client_only, [], [ca], NOW), "mail.ehlo.dk")
    assert (check.policy_errors, check.chain_status) == (["RemoteCertificateChainErrors"], ["NotValidForUsage"])
