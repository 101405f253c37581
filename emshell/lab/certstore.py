"""The certificate stores of each lab computer, and Exchange's certificate operations on them.

Documents owned here:

* kind `cert`, key `<COMPUTER>\\<Store>\\<THUMBPRINT>`: one certificate in a LocalMachine store.
  Stores: `My` (Personal), `Root` (Trusted Root CAs), `CA` (Intermediate CAs) and `REQUEST`
  (pending requests: Windows keeps a placeholder self-signed certificate carrying the request's
  key, which is where a pending request's thumbprint comes from). Fields:
    computer, store, thumbprint   as in the key
    der            base64 DER of the certificate
    key            PKCS#8 PEM of the private key, or null
    exportable     whether the private key may be exported
    friendly_name  the FriendlyName property
    physical       physical store: Registry (`.Default`), Enterprise, ThirdParty (`AuthRoot`)
                   or GroupPolicy; only Root uses the last three
    request        base64 DER of the PKCS#10 request (REQUEST entries only), else null
* kind `cert-bindings`, key `<COMPUTER>`: what Exchange and IIS use on that computer. Fields:
    iis, um, smtp              thumbprint bound to the Default Web Site / UM / default SMTP
                               (internal transport) certificate, or null
    imap, pop                  the certificate name (X509CertificateName) POP3 / IMAP4 look for
    iis_require_ssl            the Default Web Site's RequireSSL flag
    network_service            thumbprints whose private key Network Service may read

Exchange recomputes `Services` on every read (exchange-cmdlets.md §6.3): the IIS and UM letters
come from the bindings, POP and IMAP from a certificate name equal to the service's configured
name (so every certificate carrying that name shows them), SMTP from Network Service's access to
the key.
"""
from __future__ import annotations

import base64
import enum
import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Callable, Iterable

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from emshell.lab import keys, pki
from emshell.lab.computers import get_computer
from emshell.lab.lab import Lab, LabError

CERT_KIND = "cert"
BINDINGS_KIND = "cert-bindings"

# Logical store names, as Windows spells them.
MY, ROOT, CA, REQUEST = "My", "Root", "CA", "REQUEST"
_STORES = {name.upper(): name for name in (MY, ROOT, CA, REQUEST)}
PHYSICAL_STORES = ("Registry", "Enterprise", "ThirdParty", "GroupPolicy")

DEFAULT_FRIENDLY_NAME = "Microsoft Exchange"
KEY_SIZES = (4096, 2048, 1024)
MAX_FRIENDLY_NAME = 63
SELF_SIGNED_VALIDITY_YEARS = 1  # Exchange 2007 (exchange-cmdlets.md §1.1)
SETUP_KEY_SIZE = 2048  # adcs-nlb-autodiscover.md §7: the New-ExchangeCertificate default


class Services(enum.IntFlag):
    """AllowedServices as Exchange 2007 knows it (exchange-cmdlets.md §2.2)."""

    NONE = 0
    IMAP = 1
    POP = 2
    UM = 4
    IIS = 8
    SMTP = 16


_BOUND_SERVICES = {Services.UM: "um", Services.IIS: "iis"}  # by thumbprint
_NAMED_SERVICES = {Services.IMAP: "imap", Services.POP: "pop"}  # by certificate name


# -- errors (texts: exchange-cmdlets.md §3.5, §4.5, §5.3, §7.3, §8) -------------------------------
class CertificateError(LabError):
    """An Exchange certificate operation failed."""


class CertificateNotFoundError(CertificateError):
    def __init__(self, thumbprint: str) -> None:
        super().__init__(f"The certificate with thumbprint {thumbprint} was not found.")


class CertificateNotValidError(CertificateError):
    def __init__(self, thumbprint: str, reason: str) -> None:
        super().__init__(
            f"The certificate with thumbprint {thumbprint} was found but is not valid for use with "
            f"Exchange Server (reason: {reason})."
        )


class InvalidKeySizeError(CertificateError):
    def __init__(self, size: int) -> None:
        super().__init__(f"{size} is not a valid key size. Valid key sizes are 4096, 2048, and 1024.")


class InvalidDomainError(CertificateError):
    def __init__(self, domain: str) -> None:
        super().__init__(f"Domain name {domain} is not valid for a certificate.")


class MissingFqdnError(CertificateError):
    def __init__(self) -> None:
        super().__init__(
            "You must specify at least one valid fully qualified domain name (FQDN) for either the "
            "Subject or the DomainName parameter."
        )


class FriendlyNameTooLongError(CertificateError):
    def __init__(self) -> None:
        super().__init__("The friendly name is too long. The maximum allowed length is 63 characters.")


class CertificateExistsError(CertificateError):
    def __init__(self, thumbprint: str) -> None:
        super().__init__(f"Cannot import certificate. A certificate with the thumbprint {thumbprint} already exists.")


class WrongPasswordError(CertificateError):
    def __init__(self) -> None:
        super().__init__("The source data cannot be imported or the wrong password was specified.")


class CorruptDataError(CertificateError):
    def __init__(self) -> None:
        super().__init__("The source data is corrupted or not properly Base64 encoded.")


class UntrustedRootError(CertificateError):
    def __init__(self) -> None:
        super().__init__(
            "The certificate chain terminated in a root certification authority which is not trusted "
            "by the trust provider. The root certificate must be installed in the computer's Trusted "
            "Root Certification Authorities store before this certificate can be imported."
        )


class NoMatchingRequestError(CertificateError):
    """Assumed text: the reference has none for a response that matches no pending request."""

    def __init__(self, thumbprint: str) -> None:
        super().__init__(
            f"Cannot import certificate. No pending certificate request on this server matches the "
            f"certificate with thumbprint {thumbprint}."
        )


class NoPrivateKeyImportError(CertificateError):
    """Assumed text: the reference has none for a PKCS#12 file without a private key."""

    def __init__(self, thumbprint: str) -> None:
        super().__init__(f"Cannot import certificate. The certificate with thumbprint {thumbprint} has no private key.")


class NoPrivateKeyExportError(CertificateError):
    def __init__(self) -> None:
        super().__init__(
            "The certificate does not have a private key. Certificates without a private key cannot be "
            "exported as PKCS-12."
        )


class PasswordRequiredError(CertificateError):
    def __init__(self) -> None:
        super().__init__(
            "Exporting a certificate with its private key requires that a password be specified to "
            "protect the private key."
        )


class NotExportableError(CertificateError):
    def __init__(self) -> None:
        super().__init__(
            "The private key couldn't be exported as PKCS-12. It either couldn't be accessed or isn't exportable."
        )


class TransportCertificateRemovalError(CertificateError):
    def __init__(self) -> None:
        super().__init__(
            "The internal transport certificate cannot be removed because that would cause the Microsoft "
            "Exchange Transport service to stop. To replace the internal transport certificate, create a "
            "new certificate. The new certificate will automatically become the internal transport "
            "certificate. You can then remove the existing certificate."
        )


# -- store entries ------------------------------------------------------------------------------
@dataclass
class StoreEntry:
    """One certificate in one store of one computer."""

    computer: str
    store: str
    thumbprint: str
    der: bytes
    key_pem: bytes | None
    exportable: bool
    friendly_name: str
    physical: str
    request_der: bytes | None

    @cached_property
    def cert(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)

    @cached_property
    def key(self) -> PrivateKeyTypes | None:
        if self.key_pem is None:
            return None
        # Our own keys: skip OpenSSL's slow RSA consistency check.
        return serialization.load_pem_private_key(self.key_pem, None, unsafe_skip_rsa_key_validation=True)

    @cached_property
    def request(self) -> x509.CertificateSigningRequest | None:
        return x509.load_der_x509_csr(self.request_der) if self.request_der else None

    @classmethod
    def from_document(cls, doc: dict) -> "StoreEntry":
        return cls(
            computer=doc["computer"],
            store=doc["store"],
            thumbprint=doc["thumbprint"],
            der=base64.b64decode(doc["der"]),
            key_pem=doc["key"].encode("ascii") if doc["key"] else None,
            exportable=doc["exportable"],
            friendly_name=doc["friendly_name"],
            physical=doc["physical"],
            request_der=base64.b64decode(doc["request"]) if doc["request"] else None,
        )

    def document(self) -> dict:
        return {
            "computer": self.computer,
            "store": self.store,
            "thumbprint": self.thumbprint,
            "der": base64.b64encode(self.der).decode("ascii"),
            "key": self.key_pem.decode("ascii") if self.key_pem else None,
            "exportable": self.exportable,
            "friendly_name": self.friendly_name,
            "physical": self.physical,
            "request": base64.b64encode(self.request_der).decode("ascii") if self.request_der else None,
        }


def _computer(name: str) -> str:
    return name.upper()


def _store(name: str) -> str:
    try:
        return _STORES[name.upper()]
    except KeyError:
        raise ValueError(f"unknown certificate store {name!r}") from None


def _doc_key(computer: str, store: str, thumbprint: str) -> str:
    return f"{computer}\\{store}\\{thumbprint}"


def _normal_thumbprint(text: str) -> str:
    """Thumbprints are compared without case or spaces (the MMC shows them spaced)."""
    return re.sub(r"\s+", "", text).upper()


def _key_pem(key: PrivateKeyTypes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def add_certificate(
    lab: Lab,
    computer: str,
    store: str,
    cert: x509.Certificate,
    key: PrivateKeyTypes | None = None,
    physical: str = "Registry",
    exportable: bool = False,
    friendly_name: str = "",
    request: x509.CertificateSigningRequest | None = None,
) -> StoreEntry:
    """Put `cert` in a store. An entry already there is replaced; without a new key it keeps its
    key and that key's exportable flag (as adding a certificate again does in Windows)."""
    if physical not in PHYSICAL_STORES:
        raise ValueError(f"unknown physical store {physical!r}")
    computer, store = _computer(computer), _store(store)
    tp = pki.thumbprint(cert)
    previous = find(lab, computer, store, tp)
    key_pem = _key_pem(key) if key is not None else None
    if key is None and previous is not None and previous.key_pem is not None:
        key_pem, exportable = previous.key_pem, previous.exportable
    entry = StoreEntry(
        computer=computer,
        store=store,
        thumbprint=tp,
        der=cert.public_bytes(serialization.Encoding.DER),
        key_pem=key_pem,
        exportable=exportable,
        friendly_name=friendly_name,
        physical=physical,
        request_der=request.public_bytes(serialization.Encoding.DER) if request else None,
    )
    lab.store.put(CERT_KIND, _doc_key(computer, store, tp), entry.document())
    return entry


def remove_certificate(lab: Lab, computer: str, store: str, thumbprint: str) -> None:
    entry = find(lab, computer, store, thumbprint)
    if entry is None:
        raise CertificateNotFoundError(_normal_thumbprint(thumbprint))
    lab.store.delete(CERT_KIND, _doc_key(entry.computer, entry.store, entry.thumbprint))


def find(lab: Lab, computer: str, store: str, thumbprint: str) -> StoreEntry | None:
    doc = lab.store.get(CERT_KIND, _doc_key(_computer(computer), _store(store), _normal_thumbprint(thumbprint)))
    return StoreEntry.from_document(doc) if doc else None


def list_store(lab: Lab, computer: str, store: str) -> list[StoreEntry]:
    """The store's entries, by thumbprint."""
    prefix = f"{_computer(computer)}\\{_store(store)}\\"
    return [StoreEntry.from_document(doc) for key, doc in lab.store.list(CERT_KIND) if key.startswith(prefix)]


def trusted_roots(lab: Lab, computer: str) -> list[x509.Certificate]:
    return [entry.cert for entry in list_store(lab, computer, ROOT)]


def intermediates(lab: Lab, computer: str) -> list[x509.Certificate]:
    return [entry.cert for entry in list_store(lab, computer, CA)]


def validate(lab: Lab, computer: str, cert: x509.Certificate) -> pki.ChainResult:
    """The chain of `cert` as this computer sees it now."""
    return pki.validate_chain(cert, intermediates(lab, computer), trusted_roots(lab, computer), lab.clock.now())


# -- bindings -----------------------------------------------------------------------------------
def _bindings(lab: Lab, computer: str) -> dict:
    doc = lab.store.get(BINDINGS_KIND, computer)
    if doc is None:
        doc = {"iis": None, "iis_require_ssl": False, "imap": None, "pop": None, "um": None, "smtp": None,
               "network_service": []}
    return doc


def _save_bindings(lab: Lab, computer: str, doc: dict) -> None:
    lab.store.put(BINDINGS_KIND, computer, doc)


def _services(bindings: dict, thumbprint: str, domains: list[str]) -> Services:
    flags = Services.NONE
    for service, name in _BOUND_SERVICES.items():
        if bindings[name] == thumbprint:
            flags |= service
    for service, name in _NAMED_SERVICES.items():
        if bindings[name] and bindings[name].lower() in (d.lower() for d in domains):
            flags |= service
    if thumbprint in bindings["network_service"]:
        flags |= Services.SMTP
    return flags


def iis_requires_ssl(lab: Lab, computer: str) -> bool:
    """The Default Web Site's RequireSSL flag."""
    return _bindings(lab, _computer(computer))["iis_require_ssl"]


def server_certificate(lab: Lab, computer: str, service: Services) -> StoreEntry | None:
    """The certificate serving IIS, POP, IMAP, UM or SMTP (the default SMTP certificate) now.

    POP3 and IMAP4 take the certificate that carries their configured name, choosing as
    transport does (CA-issued before self-signed, then the newest)."""
    computer = _computer(computer)
    bindings = _bindings(lab, computer)
    if service in _NAMED_SERVICES:
        name = bindings[_NAMED_SERVICES[service]]
        candidates = exchange_certificates(lab, computer, domains=[name]) if name else []
        return find(lab, computer, MY, candidates[0].thumbprint) if candidates else None
    thumbprint = bindings["smtp" if service == Services.SMTP else _BOUND_SERVICES[service]]
    return find(lab, computer, MY, thumbprint) if thumbprint else None


# -- the Exchange view --------------------------------------------------------------------------
@dataclass
class CertificateView:
    """What Get-ExchangeCertificate shows for one certificate or pending request (dates naive lab time)."""

    thumbprint: str
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    serial: str
    certificate_domains: list[str]
    has_private_key: bool
    is_self_signed: bool
    public_key_size: int
    root_ca_type: str
    status: str
    services: Services
    friendly_name: str
    private_key_exportable: bool
    certificate_request: str | None
    cert: x509.Certificate


def certificate_domains(cert: x509.Certificate) -> list[str]:
    """The subject CN when it is a domain name, then the SAN DNS names, without repeats."""
    names: list[str] = [cn for cn in pki.common_names(cert.subject) if _valid_domain(cn)]
    for name in pki.dns_names(cert):
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return names


def _unusable_reason(entry: StoreEntry) -> str | None:
    """Why a My certificate is not valid for Exchange (ExchangeCertificateValidity, §2.3)."""
    if entry.key_pem is None:
        return "PrivateKeyMissing"
    if not isinstance(entry.key, rsa.RSAPrivateKey):
        return "KeyAlgorithmUnsupported"
    if not pki.server_auth_allowed(entry.cert):
        return "PkixKpServerAuthNotFoundInEnhancedKeyUsage"
    if entry.key.key_size < min(KEY_SIZES):
        return "PublicKeyUnsupportedSize"
    return None


class _Context:
    """What every view of one computer needs, read once."""

    def __init__(self, lab: Lab, computer: str) -> None:
        self.now = lab.clock.now()
        self.bindings = _bindings(lab, computer)
        self.roots = {entry.thumbprint: entry for entry in list_store(lab, computer, ROOT)}
        self.intermediates = intermediates(lab, computer)

    def status(self, entry: StoreEntry) -> tuple[str, str]:
        """(Status, RootCAType) by exchange-cmdlets.md §2.3."""
        if entry.store == REQUEST:
            return "PendingRequest", "Unknown"
        cert = entry.cert
        if not pki.server_auth_allowed(cert):
            return "Invalid", "Unknown"
        chain = pki.validate_chain(cert, self.intermediates, [r.cert for r in self.roots.values()], self.now)
        if chain.only_untrusted_root:
            return ("Valid", "None") if pki.is_self_signed(cert) else ("Untrusted", "Unknown")
        if chain.status == "Invalid" or chain.root is None:
            return chain.status, "Unknown"
        root = self.roots.get(pki.thumbprint(chain.root))
        return chain.status, root.physical if root else "Unknown"

    def view(self, entry: StoreEntry) -> CertificateView:
        cert = entry.cert
        status, root_ca_type = self.status(entry)
        pending = entry.store == REQUEST
        return CertificateView(
            thumbprint=entry.thumbprint,
            subject=pki.subject_string(cert),
            issuer=pki.issuer_string(cert),
            not_before=pki.naive_utc(cert.not_valid_before_utc),
            not_after=pki.naive_utc(cert.not_valid_after_utc),
            serial=pki.serial_hex(cert),
            certificate_domains=certificate_domains(cert),
            has_private_key=entry.key_pem is not None,
            is_self_signed=not pending and pki.is_self_signed(cert),
            public_key_size=pki.public_key_size(cert),
            root_ca_type=root_ca_type,
            status=status,
            services=Services.NONE if pending else _services(self.bindings, entry.thumbprint,
                                                             certificate_domains(cert)),
            friendly_name=entry.friendly_name,
            private_key_exportable=entry.key_pem is not None and entry.exportable,
            certificate_request=base64.b64encode(entry.request_der).decode("ascii") if entry.request_der else None,
            cert=cert,
        )


def certificate_view(lab: Lab, computer: str, entry: StoreEntry) -> CertificateView:
    return _Context(lab, _computer(computer)).view(entry)


def exchange_certificates(
    lab: Lab, computer: str, thumbprint: str | None = None, domains: Iterable[str] | None = None
) -> list[CertificateView]:
    """Get-ExchangeCertificate (§6.3): usable My certificates plus pending requests, newest first.

    With `thumbprint`: that certificate or request (My first), else CertificateNotFoundError.
    With `domains`: certificates for any of those names, the one transport would pick first
    (CA-issued before self-signed, then newest).
    """
    computer = _computer(computer)
    context = _Context(lab, computer)
    if thumbprint is not None:
        entry = find(lab, computer, MY, thumbprint) or find(lab, computer, REQUEST, thumbprint)
        if entry is None:
            raise CertificateNotFoundError(_normal_thumbprint(thumbprint))
        return [context.view(entry)]
    entries = [e for e in list_store(lab, computer, MY) if _unusable_reason(e) is None]
    if domains is None:
        entries += list_store(lab, computer, REQUEST)
    views = sorted((context.view(e) for e in entries), key=lambda v: v.thumbprint)
    views.sort(key=lambda v: v.not_before, reverse=True)
    if domains is not None:
        wanted = list(domains)
        views = [v for v in views if any(pki.name_matches(p, d) for p in v.certificate_domains for d in wanted)]
        views.sort(key=lambda v: v.is_self_signed)
    return views


# -- creating certificates and requests ---------------------------------------------------------
_DOMAIN = re.compile(r"(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*")


def _valid_domain(name: str) -> bool:
    return len(name) <= 255 and _DOMAIN.fullmatch(name) is not None


@dataclass
class _Request:
    """Checked parameters of New-ExchangeCertificate."""

    subject: x509.Name
    domains: list[str]
    key_size: int
    friendly_name: str


def _prepare(
    lab: Lab, computer: str, subject: str | None, domains: Iterable[str] | None, key_size: int,
    friendly_name: str | None,
) -> _Request:
    """Validate like New-ExchangeCertificate (§3.2, §3.5) and fill in the defaults."""
    if key_size not in KEY_SIZES:
        raise InvalidKeySizeError(key_size)
    friendly_name = DEFAULT_FRIENDLY_NAME if friendly_name is None else friendly_name
    if len(friendly_name) > MAX_FRIENDLY_NAME:
        raise FriendlyNameTooLongError()
    names = list(domains) if domains is not None else None
    for name in names or ():
        if not _valid_domain(name):
            raise InvalidDomainError(name)
    if subject is None:  # CN=<server name>; SAN the server name and its FQDN
        machine = get_computer(lab, computer)
        parsed = pki.parse_windows_dn(f"CN={machine.name}")
        default_names = [machine.name, machine.fqdn]
    else:
        parsed = pki.parse_windows_dn(subject)
        default_names = [cn for cn in pki.common_names(parsed) if _valid_domain(cn)]
    if names is None:
        names = default_names
    candidates = names + [cn for cn in pki.common_names(parsed) if _valid_domain(cn)]
    if not any("." in name for name in candidates):
        raise MissingFqdnError()
    return _Request(parsed, names, key_size, friendly_name)


def _one_year_from(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year + SELF_SIGNED_VALIDITY_YEARS)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + SELF_SIGNED_VALIDITY_YEARS, day=28)


def _self_signed(lab: Lab, request: _Request, key: PrivateKeyTypes) -> x509.Certificate:
    now = lab.clock.now()
    return pki.self_signed_certificate(
        key, request.subject, request.domains, now, _one_year_from(now), lab.random.serial_number(16)
    )


def create_setup_certificate(lab: Lab, computer: str) -> CertificateView:
    """The certificate Exchange 2007 setup makes (adcs-nlb-autodiscover.md §7): CN=<NETBIOS>,
    SAN NetBIOS name and FQDN, one year, not exportable, also trusted in Root (RootCAType
    Registry), enabled for IMAP, POP, IIS and SMTP."""
    computer = _computer(computer)
    request = _prepare(lab, computer, None, None, SETUP_KEY_SIZE, None)
    key = keys.new_rsa_key(lab, request.key_size)
    cert = _self_signed(lab, request, key)
    entry = add_certificate(lab, computer, MY, cert, key, friendly_name=request.friendly_name)
    add_certificate(lab, computer, ROOT, cert, physical="Registry", friendly_name=request.friendly_name)
    bindings = _bindings(lab, computer)
    for name in ("iis", "smtp"):
        bindings[name] = entry.thumbprint
    for name in _NAMED_SERVICES.values():  # X509CertificateName defaults to the server's FQDN
        bindings[name] = get_computer(lab, computer).fqdn
    bindings["network_service"].append(entry.thumbprint)
    _save_bindings(lab, computer, bindings)
    return certificate_view(lab, computer, entry)


def new_self_signed(
    lab: Lab,
    computer: str,
    *,
    confirm: Callable[[str], bool],
    subject: str | None = None,
    domains: Iterable[str] | None = None,
    key_size: int = 2048,
    exportable: bool = False,
    friendly_name: str | None = None,
    services: int = Services.IMAP | Services.POP | Services.SMTP,
    force: bool = False,
) -> CertificateView:
    """New-ExchangeCertificate without -GenerateRequest: a one-year self-signed certificate in My,
    enabled for `services` (SMTP asks `confirm` before replacing the default SMTP certificate)."""
    computer = _computer(computer)
    request = _prepare(lab, computer, subject, domains, key_size, friendly_name)
    key = keys.new_rsa_key(lab, request.key_size)
    cert = _self_signed(lab, request, key)
    entry = add_certificate(lab, computer, MY, cert, key, exportable=exportable, friendly_name=request.friendly_name)
    enable_services(lab, computer, entry.thumbprint, services, confirm=confirm, force=force)
    return certificate_view(lab, computer, entry)


def generate_request(
    lab: Lab,
    computer: str,
    subject: str | None = None,
    domains: Iterable[str] | None = None,
    key_size: int = 2048,
    exportable: bool = False,
    friendly_name: str | None = None,
) -> tuple[x509.CertificateSigningRequest, StoreEntry]:
    """New-ExchangeCertificate -GenerateRequest: a PKCS#10 request, kept with its key in REQUEST."""
    computer = _computer(computer)
    request = _prepare(lab, computer, subject, domains, key_size, friendly_name)
    key = keys.new_rsa_key(lab, request.key_size)
    csr = pki.build_request(key, request.subject, request.domains)
    placeholder = _self_signed(lab, request, key)
    entry = add_certificate(
        lab, computer, REQUEST, placeholder, key, exportable=exportable, friendly_name=request.friendly_name,
        request=csr,
    )
    return csr, entry


# -- import -------------------------------------------------------------------------------------
def import_certificate(
    lab: Lab,
    computer: str,
    data: bytes,
    password: str | None = None,
    friendly_name: str | None = None,
    exportable: bool = False,
) -> CertificateView:
    """Import-ExchangeCertificate (§4.3): a CA's answer to a pending request (.cer/.crt/.p7b, DER or
    base64), joined with the request's key; or a PKCS#12 file opened with `password`."""
    computer = _computer(computer)
    try:
        certs = pki.load_certificates(data)
    except pki.UnreadableDataError:
        return _import_pfx(lab, computer, data, password, friendly_name, exportable)
    return _import_response(lab, computer, certs, friendly_name)


def _import_response(
    lab: Lab, computer: str, certs: list[x509.Certificate], friendly_name: str | None
) -> CertificateView:
    requests = list_store(lab, computer, REQUEST)
    match = next(
        ((c, r) for c in certs for r in requests if pki.same_public_key(c.public_key(), r.cert.public_key())), None
    )
    if match is None:
        leaf = pki.thumbprint(pki.leaf_of(certs))
        if find(lab, computer, MY, leaf):
            raise CertificateExistsError(leaf)
        raise NoMatchingRequestError(leaf)
    cert, request = match
    others = [c for c in certs if c is not cert]
    chain = pki.validate_chain(
        cert, intermediates(lab, computer) + others, trusted_roots(lab, computer), lab.clock.now()
    )
    if {"UntrustedRoot", "PartialChain"} & set(chain.problems):
        raise UntrustedRootError()
    if find(lab, computer, MY, pki.thumbprint(cert)):
        raise CertificateExistsError(pki.thumbprint(cert))
    _add_intermediates(lab, computer, others)
    entry = add_certificate(
        lab, computer, MY, cert, request.key, exportable=request.exportable,
        friendly_name=request.friendly_name if friendly_name is None else friendly_name,
    )
    remove_certificate(lab, computer, REQUEST, request.thumbprint)
    return certificate_view(lab, computer, entry)


def _add_intermediates(lab: Lab, computer: str, certs: Iterable[x509.Certificate]) -> None:
    """CA certificates that came with a chain go to Intermediate (roots are never trusted silently)."""
    for cert in certs:
        if cert.subject != cert.issuer and not find(lab, computer, CA, pki.thumbprint(cert)):
            add_certificate(lab, computer, CA, cert)


def _import_pfx(
    lab: Lab, computer: str, data: bytes, password: str | None, friendly_name: str | None, exportable: bool
) -> CertificateView:
    try:
        contents = pki.load_pfx(data, password)
    except pki.PfxPasswordError:
        raise WrongPasswordError() from None
    except pki.UnreadableDataError:
        raise CorruptDataError() from None
    tp = pki.thumbprint(contents.cert)
    if contents.key is None:
        raise NoPrivateKeyImportError(tp)
    if find(lab, computer, MY, tp):
        raise CertificateExistsError(tp)
    _add_intermediates(lab, computer, contents.extra)
    entry = add_certificate(
        lab, computer, MY, contents.cert, contents.key, exportable=exportable,
        friendly_name=contents.friendly_name if friendly_name is None else friendly_name,
    )
    return certificate_view(lab, computer, entry)


# -- enable, export, remove ---------------------------------------------------------------------
def _usable(lab: Lab, computer: str, thumbprint: str) -> StoreEntry:
    """A My certificate Exchange can use (§5.3), else the reference's error."""
    entry = find(lab, computer, MY, thumbprint)
    if entry is None:
        raise CertificateNotFoundError(_normal_thumbprint(thumbprint))
    reason = _unusable_reason(entry)
    if reason:
        raise CertificateNotValidError(entry.thumbprint, reason)
    return entry


def en_us(moment: datetime) -> str:
    """en-US general date-time, `M/d/yyyy h:mm:ss tt`."""
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02}:{moment.second:02} {half}"


def smtp_overwrite_prompt(current: StoreEntry, replacement: StoreEntry) -> str:
    """The ShouldContinue text of §3.3 (the host adds the `Confirm` caption and the choices)."""
    return (
        "Overwrite the existing default SMTP certificate?\n\n"
        f"Current certificate: '{current.thumbprint}' (expires {en_us(pki.naive_utc(current.cert.not_valid_after_utc))})\n"
        f"Replace it with certificate: '{replacement.thumbprint}' "
        f"(expires {en_us(pki.naive_utc(replacement.cert.not_valid_after_utc))})"
    )


def enable_services(
    lab: Lab,
    computer: str,
    thumbprint: str,
    services: int,
    *,
    confirm: Callable[[str], bool],
    force: bool = False,
    do_not_require_ssl: bool = False,
) -> None:
    """Enable-ExchangeCertificate (§5.3). Services are only ever added. IIS binds the Default Web
    Site (and requires SSL unless `do_not_require_ssl`); POP and IMAP take the certificate's first
    name as the name they look for; SMTP grants Network Service the key and, once `confirm`
    agrees (or `force`), makes the certificate the default SMTP certificate."""
    computer = _computer(computer)
    entry = _usable(lab, computer, thumbprint)
    wanted = Services(services)
    bindings = _bindings(lab, computer)
    for service, name in _BOUND_SERVICES.items():
        if service in wanted:
            bindings[name] = entry.thumbprint
    domains = certificate_domains(entry.cert)
    for service, name in _NAMED_SERVICES.items():
        if service in wanted and domains:
            bindings[name] = domains[0]
    if Services.IIS in wanted and not do_not_require_ssl:
        bindings["iis_require_ssl"] = True
    if Services.SMTP in wanted:
        if entry.thumbprint not in bindings["network_service"]:
            bindings["network_service"].append(entry.thumbprint)
        current = find(lab, computer, MY, bindings["smtp"]) if bindings["smtp"] else None
        if current is None or current.thumbprint == entry.thumbprint or force or confirm(
            smtp_overwrite_prompt(current, entry)
        ):
            bindings["smtp"] = entry.thumbprint
    _save_bindings(lab, computer, bindings)


def export_pfx(lab: Lab, computer: str, thumbprint: str, password: str | None) -> bytes:
    """Export-ExchangeCertificate (§7.3): PKCS#12 of a certificate with its chain, or the PKCS#10
    (DER) of a pending request."""
    computer = _computer(computer)
    entry = find(lab, computer, MY, thumbprint)
    if entry is None:
        pending = find(lab, computer, REQUEST, thumbprint)
        if pending is None:
            raise CertificateNotFoundError(_normal_thumbprint(thumbprint))
        return pending.request_der or b""
    if entry.key is None:
        raise NoPrivateKeyExportError()
    if not entry.exportable:
        raise NotExportableError()
    if not password:
        raise PasswordRequiredError()
    chain = validate(lab, computer, entry.cert).chain[1:]
    return pki.build_pfx(entry.key, entry.cert, chain, password, entry.friendly_name, lab.random.bytes)


def remove(lab: Lab, computer: str, thumbprint: str) -> None:
    """Remove-ExchangeCertificate: a My certificate (not the default SMTP one) or a pending request."""
    computer = _computer(computer)
    entry = find(lab, computer, MY, thumbprint) or find(lab, computer, REQUEST, thumbprint)
    if entry is None:
        raise CertificateNotFoundError(_normal_thumbprint(thumbprint))
    bindings = _bindings(lab, computer)
    if entry.store == MY and bindings["smtp"] == entry.thumbprint:
        raise TransportCertificateRemovalError()
    remove_certificate(lab, computer, entry.store, entry.thumbprint)
    for name in _BOUND_SERVICES.values():
        if bindings[name] == entry.thumbprint:
            bindings[name] = None
    if entry.thumbprint in bindings["network_service"]:
        bindings["network_service"].remove(entry.thumbprint)
    _save_bindings(lab, computer, bindings)
