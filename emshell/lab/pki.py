"""PKI primitives over `cryptography` objects, with Windows/.NET conventions.

Pure functions (no Lab): Windows distinguished-name strings, certificate facts as .NET prints
them, PKCS#10 requests, self-signed certificates, reading and writing DER/PEM/base64/PKCS#7/
PKCS#12, chain validation at a given time and the TLS client's view of a server certificate.
Errors are `PkiError`s whose messages are the texts Windows shows for the same failure.
"""
from __future__ import annotations

import base64
import binascii
import re
import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator, NamedTuple, Sequence

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    PrivateKeyTypes,
    PublicKeyTypes,
)
from cryptography.hazmat.primitives.serialization import pkcs7, pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from emshell.lab import pfx
from emshell.lab.lab import LabError



class PkiError(LabError):
    """A PKI operation failed; the message is the Windows text for it."""


class InvalidNameError(PkiError):
    """A distinguished-name string CertStrToName would reject (CRYPT_E_INVALID_X500_STRING)."""

    def __init__(self, detail: str) -> None:
        super().__init__("The string contains an invalid X500 name attribute key, oid, value or delimiter.")
        self.detail = detail


class UnreadableDataError(PkiError):
    """Bytes that hold no certificate, request or PKCS#12 we can read (CRYPT_E_NOT_FOUND)."""

    def __init__(self, detail: str) -> None:
        super().__init__("Cannot find the requested object.")
        self.detail = detail


class PfxPasswordError(PkiError):
    """A well-formed PKCS#12 file that the password does not open."""

    def __init__(self) -> None:
        super().__init__("The specified network password is not correct.")


# -- Windows distinguished names -------------------------------------------------------------
# (OID, the key Windows prints, other keys it accepts), after CertNameToStr/CertStrToName's
# X500 key table.
_DN_KEYS: tuple[tuple[ObjectIdentifier, str, tuple[str, ...]], ...] = (
    (NameOID.COMMON_NAME, "CN", ()),
    (NameOID.ORGANIZATION_NAME, "O", ()),
    (NameOID.ORGANIZATIONAL_UNIT_NAME, "OU", ()),
    (NameOID.LOCALITY_NAME, "L", ()),
    (NameOID.STATE_OR_PROVINCE_NAME, "S", ("ST",)),
    (NameOID.COUNTRY_NAME, "C", ()),
    (NameOID.DOMAIN_COMPONENT, "DC", ()),
    (NameOID.EMAIL_ADDRESS, "E", ("EMAIL",)),
    (NameOID.STREET_ADDRESS, "STREET", ()),
    (NameOID.TITLE, "T", ("TITLE",)),
    (NameOID.SURNAME, "SN", ()),
    (NameOID.GIVEN_NAME, "G", ("GN", "GIVENNAME")),
    (NameOID.SERIAL_NUMBER, "SERIALNUMBER", ()),
    (NameOID.POSTAL_CODE, "PostalCode", ()),
)
_KEY_TO_OID = {alias.upper(): oid for oid, key, aliases in _DN_KEYS for alias in (key, *aliases)}
_OID_TO_KEY = {oid: key for oid, key, _ in _DN_KEYS}
_OID_KEY = re.compile(r"OID\.(\d+(?:\.\d+)+)", re.IGNORECASE)
# CertNameToStr quotes a value that is empty, has outer spaces or contains one of these.
_NEEDS_QUOTES = set(',+="\r\n<>#;')


def parse_windows_dn(text: str) -> x509.Name:
    """Parse `C=dk, O=EHLO organization, CN=mailehlo.dk` the way .NET's X500DistinguishedName does.

    RDNs are separated by `,` or `;`, attributes within an RDN by `+`; values may be quoted
    (`""` inside quotes is a quote). Windows writes the most specific RDN first, so the RDNs are
    encoded in the reverse order of the string.
    """
    rdns: list[x509.RelativeDistinguishedName] = []
    attributes: list[x509.NameAttribute] = []
    pos = _skip_spaces(text, 0)
    while pos < len(text):
        attribute, pos = _parse_attribute(text, pos)
        attributes.append(attribute)
        if pos == len(text):
            break
        if text[pos] in ",;":
            rdns.append(_rdn(attributes))
            attributes = []
        pos = _skip_spaces(text, pos + 1)
        if pos == len(text):
            raise InvalidNameError(f"nothing follows the delimiter at the end of {text!r}")
    if attributes:
        rdns.append(_rdn(attributes))
    return x509.Name(list(reversed(rdns)))


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos


def _parse_attribute(text: str, pos: int) -> tuple[x509.NameAttribute, int]:
    equals = text.find("=", pos)
    if equals < 0:
        raise InvalidNameError(f"no '=' after position {pos} in {text!r}")
    oid = _oid_for_key(text[pos:equals].strip())
    pos = _skip_spaces(text, equals + 1)
    if pos < len(text) and text[pos] == '"':
        value, pos = _quoted_value(text, pos)
    else:
        end = pos
        while end < len(text) and text[end] not in ",;+":
            end += 1
        value = text[pos:end].strip()
        if not value or '"' in value or "=" in value:
            raise InvalidNameError(f"bad unquoted value {value!r} in {text!r}")
        pos = end
    try:
        return x509.NameAttribute(oid, value), pos
    except ValueError as error:
        raise InvalidNameError(str(error)) from None


def _oid_for_key(key: str) -> ObjectIdentifier:
    oid = _KEY_TO_OID.get(key.upper())
    if oid is not None:
        return oid
    match = _OID_KEY.fullmatch(key)
    if match is None:
        raise InvalidNameError(f"unknown attribute key {key!r}")
    return ObjectIdentifier(match.group(1))


def _quoted_value(text: str, pos: int) -> tuple[str, int]:
    """Read `"..."` from pos; return the value and the position after trailing spaces."""
    chars: list[str] = []
    pos += 1
    while True:
        if pos >= len(text):
            raise InvalidNameError(f"unterminated quoted value in {text!r}")
        if text[pos] == '"':
            if text.startswith('""', pos):
                chars.append('"')
                pos += 2
                continue
            break
        chars.append(text[pos])
        pos += 1
    pos = _skip_spaces(text, pos + 1)
    if pos < len(text) and text[pos] not in ",;+":
        raise InvalidNameError(f"text after a quoted value in {text!r}")
    if not chars:
        raise InvalidNameError(f"empty value in {text!r}")
    return "".join(chars), pos


def _rdn(attributes: list[x509.NameAttribute]) -> x509.RelativeDistinguishedName:
    try:
        return x509.RelativeDistinguishedName(attributes)
    except ValueError as error:  # the same attribute twice in one RDN
        raise InvalidNameError(str(error)) from None


def format_windows_dn(name: x509.Name) -> str:
    """The .NET `X500DistinguishedName.Name` form: most specific RDN first, `, ` between RDNs."""
    return ", ".join(" + ".join(_format_attribute(a) for a in rdn) for rdn in reversed(name.rdns))


def _format_attribute(attribute: x509.NameAttribute) -> str:
    key = _OID_TO_KEY.get(attribute.oid, f"OID.{attribute.oid.dotted_string}")
    value = attribute.value if isinstance(attribute.value, str) else attribute.value.hex()
    if not value or value != value.strip() or _NEEDS_QUOTES.intersection(value):
        value = '"' + value.replace('"', '""') + '"'
    return f"{key}={value}"


# -- certificate facts as .NET shows them ------------------------------------------------------
def thumbprint(cert: x509.Certificate) -> str:
    """X509Certificate2.Thumbprint: the SHA-1 of the DER, upper-case hex."""
    return cert.fingerprint(hashes.SHA1()).hex().upper()


def serial_hex(cert: x509.Certificate) -> str:
    """X509Certificate2.SerialNumber: the DER INTEGER's content bytes in hex (a leading 00 kept)."""
    value = cert.serial_number
    return value.to_bytes((value.bit_length() + 8) // 8, "big", signed=True).hex().upper()


def dns_names(cert: x509.Certificate | x509.CertificateSigningRequest) -> list[str]:
    """The DNS names of the subject alternative name extension, in order."""
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return []
    return san.get_values_for_type(x509.DNSName)


def common_names(name: x509.Name) -> list[str]:
    return [str(a.value) for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]


def public_key_size(cert: x509.Certificate) -> int:
    """The key size in bits (what Exchange's PublicKeySize prints), 0 for keys without one."""
    return getattr(cert.public_key(), "key_size", 0)


def same_public_key(a: PublicKeyTypes, b: PublicKeyTypes) -> bool:
    encoding, fmt = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return a.public_bytes(encoding, fmt) == b.public_bytes(encoding, fmt)


def is_self_signed(cert: x509.Certificate) -> bool:
    """Subject equals issuer and the certificate's own key verifies its signature."""
    return cert.subject == cert.issuer and _signed_by(cert, cert)


def subject_string(cert: x509.Certificate) -> str:
    return format_windows_dn(cert.subject)


def issuer_string(cert: x509.Certificate) -> str:
    return format_windows_dn(cert.issuer)


def _signed_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    try:
        child.verify_directly_issued_by(parent)
    except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
        return False
    return True


# -- building requests and certificates --------------------------------------------------------
def _key_usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def _san(names: Sequence[str]) -> x509.SubjectAlternativeName:
    return x509.SubjectAlternativeName([x509.DNSName(n) for n in names])


def build_request(
    key: CertificateIssuerPrivateKeyTypes, subject: x509.Name, dns_names: Sequence[str]
) -> x509.CertificateSigningRequest:
    """A PKCS#10 request whose extensionRequest holds the SAN DNS names and the key usage.

    Exchange 2007 signed with SHA-1; cryptography no longer signs SHA-1, so SHA-256.
    """
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject)
    if dns_names:
        builder = builder.add_extension(_san(dns_names), critical=False)
    builder = builder.add_extension(_key_usage(cert_sign=False), critical=True)
    return builder.sign(key, hashes.SHA256())


def self_signed_certificate(
    key: CertificateIssuerPrivateKeyTypes,
    subject: x509.Name,
    dns_names: Sequence[str],
    not_before: datetime,
    not_after: datetime,
    serial: int,
    ekus: Sequence[ObjectIdentifier] = (ExtendedKeyUsageOID.SERVER_AUTH,),
    is_ca: bool = False,
) -> x509.Certificate:
    """A self-signed v3 certificate (dates are naive UTC)."""
    public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(_key_usage(cert_sign=is_ca), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if ekus:
        builder = builder.add_extension(x509.ExtendedKeyUsage(list(ekus)), critical=False)
    if dns_names:
        builder = builder.add_extension(_san(dns_names), critical=False)
    if is_ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    return builder.sign(key, hashes.SHA256())


# -- reading ------------------------------------------------------------------------------------
_PEM_BLOCK = re.compile(rb"-----BEGIN ([A-Z0-9 #]+)-----(.*?)-----END \1-----", re.DOTALL)
# certsrv's base64 .p7b is a PKCS#7 inside CERTIFICATE lines, so either label may hold either.
_CERTIFICATE_LABELS = frozenset({b"CERTIFICATE", b"X509 CERTIFICATE", b"PKCS7", b"PKCS #7 SIGNED DATA"})
_REQUEST_LABELS = frozenset({b"NEW CERTIFICATE REQUEST", b"CERTIFICATE REQUEST"})
_BASE64_TEXT = re.compile(rb"[A-Za-z0-9+/=\s]+")


def _as_text_bytes(data: bytes) -> bytes:
    """Base64 text saved as UTF-16 (PowerShell's `>`, Encoding.Unicode) or with a BOM, as ASCII."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")):
        if data.startswith(bom):
            return data[len(bom):].decode(codec, "replace").encode("ascii", "replace")
    if len(data) >= 4 and data[1::2].count(0) == len(data) // 2 and data[::2].isascii():
        return data[::2]
    return data


def _der_blobs(data: bytes, labels: frozenset[bytes]) -> list[bytes]:
    """The DER objects inside `data`: its PEM blocks with one of `labels` (other blocks, such as
    the key in `openssl pkcs12` output, are skipped), its bare base64, or itself."""
    text = _as_text_bytes(data)
    blocks = _PEM_BLOCK.findall(text)
    if blocks:
        wanted = [_decode_base64(body) for label, body in blocks if label in labels]
        if not wanted:
            raise UnreadableDataError("no PEM block of the expected kind")
        return wanted
    if _BASE64_TEXT.fullmatch(text):
        try:
            return [_decode_base64(text)]
        except UnreadableDataError:
            pass  # binary data that happens to look like base64 text
    return [data]


def _decode_base64(text: bytes) -> bytes:
    compact = re.sub(rb"\s+", b"", text)
    try:
        decoded = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        raise UnreadableDataError("malformed base64") from None
    if not decoded:
        raise UnreadableDataError("empty base64")
    return decoded


def load_certificates(data: bytes) -> list[x509.Certificate]:
    """Certificates in a DER/PEM/base64 certificate or a DER/PEM/base64 PKCS#7 (.p7b)."""
    if not data.strip():
        raise UnreadableDataError("no data")
    certs: list[x509.Certificate] = []
    for der in _der_blobs(data, _CERTIFICATE_LABELS):
        certs.extend(_certificates_from_der(der))
    return certs


def _certificates_from_der(der: bytes) -> list[x509.Certificate]:
    try:
        with _reading("not a certificate"):
            return [_checked(x509.load_der_x509_certificate(der))]
    except UnreadableDataError:
        pass
    with _reading("neither a certificate nor a PKCS#7 file"):
        certs = [_checked(c) for c in pkcs7.load_der_pkcs7_certificates(der)]
    if not certs:
        raise UnreadableDataError("a PKCS#7 file without certificates")
    return certs


@contextmanager
def _reading(what: str) -> Iterator[None]:
    """Parse untrusted bytes. cryptography signals bad input with many exception types
    (ValueError, KeyError, InvalidVersion, DuplicateExtension, ...): all become
    UnreadableDataError. Its warnings about odd but readable encodings are not for the user."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            yield
        except PkiError:
            raise
        except Exception as error:
            raise UnreadableDataError(f"{what}: {error}") from None


def _checked(cert: x509.Certificate) -> x509.Certificate:
    """Decode the lazily parsed parts now (inside `_reading`), so a bad certificate fails here."""
    cert.public_key()
    cert.extensions
    cert.subject.rfc4514_string()
    cert.issuer.rfc4514_string()
    cert.not_valid_before_utc, cert.not_valid_after_utc
    return cert


def load_request(data: bytes) -> x509.CertificateSigningRequest:
    """A PKCS#10 request from DER, PEM (`NEW CERTIFICATE REQUEST` or `CERTIFICATE REQUEST`) or base64."""
    if not data.strip():
        raise UnreadableDataError("no data")
    with _reading("not a certificate request"):
        request = x509.load_der_x509_csr(_der_blobs(data, _REQUEST_LABELS)[0])
        request.public_key()
        request.extensions
        request.subject.rfc4514_string()
    return request


class PfxContents(NamedTuple):
    key: PrivateKeyTypes | None
    cert: x509.Certificate
    extra: list[x509.Certificate]
    friendly_name: str


def load_pfx(data: bytes, password: str | None) -> PfxContents:
    """Open a PKCS#12 file (DER or base64): PfxPasswordError if the password does not open a
    well-formed file (a damaged one fails its MAC the same way), UnreadableDataError if the
    data is not a PKCS#12 file at all."""
    der = _pfx_der(data)
    # Windows tries an empty password both as "no password" and as the empty string.
    candidates = [password.encode("utf-8")] if password else [None, b""]
    for candidate in candidates:
        try:
            with _reading("PKCS#12"):
                loaded = pkcs12.load_pkcs12(der, candidate)
        except UnreadableDataError:
            continue
        # Without a key OpenSSL cannot tell the main certificate: all come as additional ones.
        bags = ([loaded.cert] if loaded.cert else []) + list(loaded.additional_certs)
        if not bags:
            raise UnreadableDataError("a PKCS#12 file without a certificate")
        with _reading("PKCS#12 contents"):
            certs = [_checked(bag.certificate) for bag in bags]
        main = certs[0] if loaded.cert else leaf_of(certs)
        name = bags[certs.index(main)].friendly_name
        return PfxContents(
            key=loaded.key,
            cert=main,
            extra=[c for c in certs if c is not main],
            friendly_name=name.decode("utf-8", "replace") if name else "",
        )
    raise PfxPasswordError()


def leaf_of(certs: Sequence[x509.Certificate]) -> x509.Certificate:
    """The certificate of a bundle that issued none of the others."""
    issuers = {c.issuer for c in certs if c.subject != c.issuer}
    return next((c for c in certs if c.subject not in issuers), certs[0])


def _pfx_der(data: bytes) -> bytes:
    if _looks_like_pfx(data):
        return data
    text = _as_text_bytes(data)
    if _BASE64_TEXT.fullmatch(text):
        der = _decode_base64(text)
        if _looks_like_pfx(der):
            return der
    raise UnreadableDataError("not a PKCS#12 file")


def _looks_like_pfx(der: bytes) -> bool:
    """PFX ::= SEQUENCE { version INTEGER 3, authSafe ContentInfo, macData OPTIONAL },
    the SEQUENCE spanning the whole data (so a truncated file is not a PFX)."""
    outer = _read_tlv(der, 0)
    if outer is None or outer[0] != 0x30 or outer[2] != len(der):
        return False
    version = _read_tlv(der, outer[1])
    if version is None or version[0] != 0x02 or der[version[1]:version[2]] != b"\x03":
        return False
    content_info = _read_tlv(der, version[2])
    if content_info is None or content_info[0] != 0x30:
        return False
    content_type = _read_tlv(der, content_info[1])
    return content_type is not None and content_type[0] == 0x06


def _read_tlv(der: bytes, pos: int) -> tuple[int, int, int] | None:
    """(tag, start of value, end of value) of the DER element at pos, or None if malformed."""
    if pos + 2 > len(der):
        return None
    tag, first = der[pos], der[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > len(der):
            return None
        length = int.from_bytes(der[pos:pos + count], "big")
        pos += count
    if pos + length > len(der):
        return None
    return tag, pos, pos + length


# -- writing ------------------------------------------------------------------------------------
def build_pfx(
    key: PrivateKeyTypes,
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate],
    password: str,
    friendly_name: str,
    random_bytes: Callable[[int], bytes],
) -> bytes:
    """A password-protected PKCS#12 file (PBES2 AES-256, SHA-256 MAC: what OpenSSL 3 writes),
    with its salts and IV from `random_bytes` so a deterministic lab exports identical bytes."""
    if not password:
        raise ValueError("a PKCS#12 export needs a password")
    return pfx.write_pfx(key, cert, chain, password, friendly_name, random_bytes)


def build_p7b(certs: Sequence[x509.Certificate]) -> bytes:
    """A degenerate PKCS#7 SignedData holding `certs` (a .p7b file), DER."""
    return pkcs7.serialize_certificates(list(certs), serialization.Encoding.DER)


def base64_text(der: bytes, label: str = "") -> str:
    """Windows' base64 form (CryptBinaryToString): 64-character CRLF lines, with
    `-----BEGIN <label>-----` / `-----END <label>-----` lines when a label is given."""
    encoded = base64.b64encode(der).decode("ascii")
    lines = [encoded[i:i + 64] for i in range(0, len(encoded), 64)]
    if label:
        lines = [f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"]
    return "\r\n".join(lines) + "\r\n"


# -- validation ---------------------------------------------------------------------------------
# X509ChainStatusFlags values: problems are listed in flag order, as .NET lists them.
CHAIN_FLAGS = {
    "NotTimeValid": 0x1,
    "NotSignatureValid": 0x8,
    "NotValidForUsage": 0x10,
    "UntrustedRoot": 0x20,
    "InvalidBasicConstraints": 0x400,
    "PartialChain": 0x10000,
}
_INVALID = {"NotSignatureValid", "InvalidBasicConstraints", "NotValidForUsage"}
_UNTRUSTED = {"UntrustedRoot", "PartialChain"}
_MAX_DEPTH = 16


@dataclass
class ChainResult:
    """A built chain (leaf first) at a given time; `status` is Valid, Untrusted, DateInvalid or Invalid."""

    chain: list[x509.Certificate]
    root: x509.Certificate | None
    problems: list[str]
    at: datetime

    @property
    def status(self) -> str:
        found = set(self.problems)
        if found & _INVALID:
            return "Invalid"
        if "NotTimeValid" in found:
            return "DateInvalid"
        if found & _UNTRUSTED:
            return "Untrusted"
        return "Valid"

    @property
    def only_untrusted_root(self) -> bool:
        return bool(self.problems) and set(self.problems) <= _UNTRUSTED


def validate_chain(
    cert: x509.Certificate,
    intermediates: Sequence[x509.Certificate],
    trusted_roots: Sequence[x509.Certificate],
    at: datetime,
) -> ChainResult:
    """Build the chain from `cert` to a self-issued root and check signatures, the dates of every
    element (naive UTC `at`), CA basic constraints and whether the root is trusted."""
    trusted = {thumbprint(r) for r in trusted_roots}
    pool = list(trusted_roots) + list(intermediates)
    chain, problems = [cert], set()
    while len(chain) <= _MAX_DEPTH:
        current = chain[-1]
        if current.subject == current.issuer:
            if not _signed_by(current, current):
                problems.add("NotSignatureValid")
            if thumbprint(current) not in trusted:
                problems.add("UntrustedRoot")
            break
        issuer = _find_issuer(current, pool, chain, at)
        if issuer is None:
            problems.add("PartialChain")
            break
        if not _signed_by(current, issuer):
            problems.add("NotSignatureValid")
        chain.append(issuer)
    else:
        problems.add("PartialChain")
    problems |= _element_problems(chain, at)
    root = chain[-1] if chain[-1].subject == chain[-1].issuer else None
    return ChainResult(chain, root, sorted(problems, key=CHAIN_FLAGS.__getitem__), at)


def _find_issuer(
    cert: x509.Certificate, pool: Sequence[x509.Certificate], chain: list[x509.Certificate], at: datetime
) -> x509.Certificate | None:
    """The best candidate named as the issuer: one whose key verifies, then one valid at `at`."""
    used = {thumbprint(c) for c in chain}
    named = [c for c in pool if c.subject == cert.issuer and thumbprint(c) not in used]
    named.sort(key=lambda c: (not _signed_by(cert, c), not _time_valid(c, at)))
    return named[0] if named else None


def _element_problems(chain: list[x509.Certificate], at: datetime) -> set[str]:
    problems = set()
    for depth, element in enumerate(chain):
        if not _time_valid(element, at):
            problems.add("NotTimeValid")
        if depth and not _may_issue(element, depth - 1):
            problems.add("InvalidBasicConstraints")
    return problems


def _time_valid(cert: x509.Certificate, at: datetime) -> bool:
    return naive_utc(cert.not_valid_before_utc) <= at <= naive_utc(cert.not_valid_after_utc)


def naive_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None)


def _may_issue(cert: x509.Certificate, intermediates_below: int) -> bool:
    """A CA certificate without basic constraints is accepted (legacy v1 roots are)."""
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return True
    if not constraints.ca:
        return False
    return constraints.path_length is None or intermediates_below <= constraints.path_length


# -- the TLS client's check ---------------------------------------------------------------------
# SslPolicyErrors values, for the order in which .NET prints the flags.
SSL_POLICY_FLAGS = {
    "RemoteCertificateNotAvailable": 1,
    "RemoteCertificateNameMismatch": 2,
    "RemoteCertificateChainErrors": 4,
}


@dataclass
class ServerCertificateCheck:
    """What a .NET TLS client's validation callback sees for a server certificate."""

    policy_errors: list[str] = field(default_factory=list)
    chain_status: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.policy_errors

    @property
    def ssl_policy_errors(self) -> str:
        """The SslPolicyErrors value as .NET's ToString prints it."""
        return ", ".join(self.policy_errors) or "None"


def check_server_certificate(cert: x509.Certificate, chain_result: ChainResult, host: str) -> ServerCertificateCheck:
    """Check `cert` (whose chain, built at the connection time, is `chain_result`) for `host`."""
    chain_status = list(chain_result.problems)
    if not server_auth_allowed(cert) and "NotValidForUsage" not in chain_status:
        chain_status.append("NotValidForUsage")
        chain_status.sort(key=CHAIN_FLAGS.__getitem__)
    errors = []
    if not host_matches(cert, host):
        errors.append("RemoteCertificateNameMismatch")
    if chain_status:
        errors.append("RemoteCertificateChainErrors")
    return ServerCertificateCheck(errors, chain_status)


def server_auth_allowed(cert: x509.Certificate) -> bool:
    """True without an EKU extension, or when it lists Server Authentication (or any purpose)."""
    try:
        usages = cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return ExtendedKeyUsageOID.SERVER_AUTH in usages or ExtendedKeyUsageOID.ANY_EXTENDED_KEY_USAGE in usages


def host_matches(cert: x509.Certificate, host: str) -> bool:
    """The SAN DNS names decide; the subject CNs only when there is no SAN DNS name."""
    names = dns_names(cert) or common_names(cert.subject)
    return any(name_matches(pattern, host) for pattern in names)


def name_matches(pattern: str, host: str) -> bool:
    """Case-insensitive; `*.example.com` matches exactly one extra leftmost label."""
    pattern, host = pattern.lower().rstrip("."), host.lower().rstrip(".")
    if pattern.startswith("*."):
        label, _, rest = host.partition(".")
        return bool(label) and rest == pattern[2:]
    return pattern == host
