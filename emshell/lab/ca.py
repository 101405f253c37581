"""Certificate Services: the lab's Enterprise Root CA (`ehlo-DC01-CA` on DC01).

The CA keeps its configuration in the registry, but the policy module reads it only when
CertSvc starts: `certutil -setreg` changes the registry, `net stop/start certsvc` makes the
change take effect (adcs-nlb-autodiscover.md §1.8, §2). Issuance follows the Enterprise policy
module: the template named in the request decides subject, names, usages and lifetime.

Document kinds owned here:

    ca           key: CA name, upper case
                 {name, computer, fqdn, domain, certificate: DER base64, key: PKCS#8 PEM,
                  registry: {path below the CA's key: [type, data]},
                  running: {edit_flags, validity: [units, period], clock_skew_minutes} | null
                           (the configuration CertSvc loaded at its last start; null = stopped),
                  next_request_id, templates: [names of the templates the CA issues]}
    ca-request   key: "<CA NAME>/<request id, 10 digits>" (a row of the CA database)
                 {ca, request_id, requester, submitted, resolved, disposition,
                  disposition_message, status_code, status_text, template, serial,
                  certificate: DER base64 | null, common_name, not_before, not_after}
    ca-template  key: template name, upper case (the forest's certificate templates)
                 {name, display_name, schema_version, validity: [units, period],
                  ekus: [dotted OID], name_flags: [flag]}
"""
from __future__ import annotations

import base64
import calendar
import ipaddress
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from emshell.lab import certstore, computers, directory, exchange, keys, pki
from emshell.lab.lab import Lab, LabError

CA_KIND, REQUEST_KIND, TEMPLATE_KIND = "ca", "ca-request", "ca-template"
SERVICE_NAME = "CertSvc"

CA_KEY_BITS = 2048
CA_VALIDITY = (5, "Years")  # CertSrv.h dwVALIDITYPERIODCOUNTDEFAULT_ROOT
CA_SERIAL_BYTES = 16
# cryptography refuses SHA-1 signatures, which a 2003 CA would use (sha1RSA).
SIGNATURE_HASH = hashes.SHA256()
# Request 1 is taken by the CA's own certificate at setup; the first request anyone submits to a
# fresh CA gets 2 (HTB "Authority": `Request ID is 2` on a CA nobody had used).
FIRST_REQUEST_ID = 2
ENUM_ENTERPRISE_ROOTCA = 0

# Database dispositions (certview.h DB_DISP_*), with the words certutil -view prints.
DISPOSITION_ISSUED, DISPOSITION_DENIED = 20, 31
DISPOSITIONS = {DISPOSITION_ISSUED: "Issued", DISPOSITION_DENIED: "Denied"}
DISPOSITION_MESSAGES = {DISPOSITION_ISSUED: "Issued", DISPOSITION_DENIED: "Denied by Policy Module"}

# -- registry -------------------------------------------------------------------------------------
CONFIGURATION_KEY = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\CertSvc\Configuration"
# `policy\` in certutil names the active policy module's key (§1.1).
POLICY_KEY = r"PolicyModules\CertificateAuthority_MicrosoftDefault.Policy"
REG_DWORD, REG_SZ = "REG_DWORD", "REG_SZ"

# Flag tables, from CertSrv.h as quoted in §1.4 (EDITF_*) and the same header's CRLF_* block.
EDITF_FLAGS: tuple[tuple[str, int], ...] = (
    ("EDITF_ENABLEREQUESTEXTENSIONS", 0x00000001),
    ("EDITF_REQUESTEXTENSIONLIST", 0x00000002),
    ("EDITF_DISABLEEXTENSIONLIST", 0x00000004),
    ("EDITF_ADDOLDKEYUSAGE", 0x00000008),
    ("EDITF_ADDOLDCERTTYPE", 0x00000010),
    ("EDITF_ATTRIBUTEENDDATE", 0x00000020),
    ("EDITF_BASICCONSTRAINTSCRITICAL", 0x00000040),
    ("EDITF_BASICCONSTRAINTSCA", 0x00000080),
    ("EDITF_ENABLEAKIKEYID", 0x00000100),
    ("EDITF_ATTRIBUTECA", 0x00000200),
    ("EDITF_IGNOREREQUESTERGROUP", 0x00000400),
    ("EDITF_ENABLEAKIISSUERNAME", 0x00000800),
    ("EDITF_ENABLEAKIISSUERSERIAL", 0x00001000),
    ("EDITF_ENABLEAKICRITICAL", 0x00002000),
    ("EDITF_SERVERUPGRADED", 0x00004000),
    ("EDITF_ATTRIBUTEEKU", 0x00008000),
    ("EDITF_ENABLEDEFAULTSMIME", 0x00010000),
    ("EDITF_EMAILOPTIONAL", 0x00020000),
    ("EDITF_ATTRIBUTESUBJECTALTNAME2", 0x00040000),
    ("EDITF_ENABLELDAPREFERRALS", 0x00080000),
    ("EDITF_ENABLECHASECLIENTDC", 0x00100000),
    ("EDITF_AUDITCERTTEMPLATELOAD", 0x00200000),
    ("EDITF_DISABLEOLDOSCNUPN", 0x00400000),
    ("EDITF_DISABLELDAPPACKAGELIST", 0x00800000),
    ("EDITF_ENABLEUPNMAP", 0x01000000),
    ("EDITF_ENABLEOCSPREVNOCHECK", 0x02000000),
    ("EDITF_ENABLERENEWONBEHALFOF", 0x04000000),
    ("EDITF_ENABLEKEYENCIPHERMENTCACERT", 0x08000000),
)
CRLF_FLAGS: tuple[tuple[str, int], ...] = (
    ("CRLF_DELTA_USE_OLDEST_UNEXPIRED_BASE", 0x00000001),
    ("CRLF_DELETE_EXPIRED_CRLS", 0x00000002),
    ("CRLF_CRLNUMBER_CRITICAL", 0x00000004),
    ("CRLF_REVCHECK_IGNORE_OFFLINE", 0x00000008),
    ("CRLF_IGNORE_INVALID_POLICIES", 0x00000010),
    ("CRLF_REBUILD_MODIFIED_SUBJECT_ONLY", 0x00000020),
    ("CRLF_SAVE_FAILED_CERTS", 0x00000040),
    ("CRLF_IGNORE_UNKNOWN_CMC_ATTRIBUTES", 0x00000080),
    ("CRLF_IGNORE_CROSS_CERT_TRUST_ERROR", 0x00000100),
    ("CRLF_PUBLISH_EXPIRED_CERT_CRLS", 0x00000200),
    ("CRLF_ENFORCE_ENROLLMENT_AGENT", 0x00000400),
    ("CRLF_DISABLE_RDN_REORDER", 0x00000800),
    ("CRLF_DISABLE_ROOT_CROSS_CERTS", 0x00001000),
    ("CRLF_LOG_FULL_RESPONSE", 0x00002000),
    ("CRLF_USE_XCHG_CERT_TEMPLATE", 0x00004000),
    ("CRLF_USE_CROSS_CERT_TEMPLATE", 0x00008000),
    ("CRLF_ALLOW_REQUEST_ATTRIBUTE_SUBJECT", 0x00010000),
    ("CRLF_REVCHECK_IGNORE_NOREVCHECK", 0x00020000),
    ("CRLF_PRESERVE_EXPIRED_CA_CERTS", 0x00040000),
    ("CRLF_PRESERVE_REVOKED_CA_CERTS", 0x00080000),
    ("CRLF_DISABLE_CHAIN_VERIFICATION", 0x00100000),
    ("CRLF_BUILD_ROOTCA_CRLENTRIES_BASEDONKEY", 0x00200000),
)
# Values certutil decodes into flag names, by value name.
FLAG_TABLES = {"editflags": EDITF_FLAGS, "crlflags": CRLF_FLAGS}

EDITF_ENABLEAKIKEYID = 0x00000100
EDITF_ATTRIBUTESUBJECTALTNAME2 = 0x00040000
EDITF_DEFAULT_ENTERPRISE = 0x0011014E  # §1.5
CRLF_DELETE_EXPIRED_CRLS = 0x00000002
CLOCK_SKEW_MINUTES_DEFAULT = 10  # CertSrv.h CCLOCKSKEWMINUTESDEFAULT: NotBefore is backdated by it

# A freshly installed Enterprise Root CA's values (AuditFilter and ClockSkewMinutes exist only
# once someone sets them). Paths are below Configuration\<CA name>.
DEFAULT_REGISTRY: dict[str, tuple[str, int | str]] = {
    "CAType": (REG_DWORD, ENUM_ENTERPRISE_ROOTCA),
    "CRLFlags": (REG_DWORD, CRLF_DELETE_EXPIRED_CRLS),
    "ValidityPeriod": (REG_SZ, "Years"),
    "ValidityPeriodUnits": (REG_DWORD, 2),  # CertSrv.h dwVALIDITYPERIODCOUNTDEFAULT_ENTERPRISE
    r"CSP\AlternateSignatureAlgorithm": (REG_DWORD, 0),
    rf"{POLICY_KEY}\EditFlags": (REG_DWORD, EDITF_DEFAULT_ENTERPRISE),
}

# -- certificate templates (§4; the version 1 templates an Enterprise CA installs) ----------------
EKU_EFS = "1.3.6.1.4.1.311.10.3.4"
EKU_TRUST_LIST_SIGNING = "1.3.6.1.4.1.311.10.3.1"
SERVER_AUTH = ExtendedKeyUsageOID.SERVER_AUTH.dotted_string
CLIENT_AUTH = ExtendedKeyUsageOID.CLIENT_AUTH.dotted_string
SECURE_EMAIL = ExtendedKeyUsageOID.EMAIL_PROTECTION.dotted_string

OID_TEMPLATE_NAME = ObjectIdentifier("1.3.6.1.4.1.311.20.2")  # Certificate Template Name (v1)
OID_CA_VERSION = ObjectIdentifier("1.3.6.1.4.1.311.21.1")
OID_UPN = ObjectIdentifier("1.3.6.1.4.1.311.20.2.3")


@dataclass(frozen=True)
class Template:
    name: str
    display_name: str
    schema_version: int
    validity: tuple[int, str]  # (units, period) as the registry spells periods
    ekus: tuple[str, ...]
    name_flags: tuple[str, ...]  # msPKI-Certificate-Name-Flag, as certipy names the bits

    @property
    def enrollee_supplies_subject(self) -> bool:
        return "EnrolleeSuppliesSubject" in self.name_flags


ROOT_TEMPLATE = "CA"
_USER_NAME_FLAGS = (
    "SubjectRequireDirectoryPath", "SubjectRequireEmail", "SubjectAltRequireEmail", "SubjectAltRequireUpn",
)
BUILTIN_TEMPLATES: tuple[Template, ...] = (
    Template("Administrator", "Administrator", 1, (1, "Years"),
             (EKU_TRUST_LIST_SIGNING, EKU_EFS, SECURE_EMAIL, CLIENT_AUTH), _USER_NAME_FLAGS),
    Template("DomainController", "Domain Controller", 1, (1, "Years"), (CLIENT_AUTH, SERVER_AUTH),
             ("SubjectRequireDnsAsCn", "SubjectAltRequireDns", "SubjectAltRequireDirectoryGuid")),
    Template("Machine", "Computer", 1, (1, "Years"), (CLIENT_AUTH, SERVER_AUTH),
             ("SubjectRequireDnsAsCn", "SubjectAltRequireDns")),
    Template("User", "User", 1, (1, "Years"), (EKU_EFS, SECURE_EMAIL, CLIENT_AUTH), _USER_NAME_FLAGS),
    Template("WebServer", "Web Server", 1, (2, "Years"), (SERVER_AUTH,), ("EnrolleeSuppliesSubject",)),
    # The root's own template: named in the CA certificate, never issued from.
    Template(ROOT_TEMPLATE, "Root Certification Authority", 1, CA_VALIDITY, (),
             ("EnrolleeSuppliesSubject",)),
)
ISSUED_TEMPLATES = ("Administrator", "DomainController", "Machine", "User", "WebServer")
# Every template the CA issues certifies keys for Digital Signature and Key Encipherment (a0), critical.
_TEMPLATE_KEY_USAGE = x509.KeyUsage(
    digital_signature=True, content_commitment=False, key_encipherment=True, data_encipherment=False,
    key_agreement=False, key_cert_sign=False, crl_sign=False, encipher_only=False, decipher_only=False,
)
# The policy module rebuilds a request's subject in the CA's SubjectTemplate order (most general
# RDN first in DER: Country ... EMail); other attributes keep their place after these.
_SUBJECT_ORDER = (
    NameOID.COUNTRY_NAME, NameOID.DOMAIN_COMPONENT, NameOID.STATE_OR_PROVINCE_NAME, NameOID.LOCALITY_NAME,
    NameOID.ORGANIZATION_NAME, NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.COMMON_NAME, NameOID.EMAIL_ADDRESS,
)

# -- HRESULTs and the policy module's messages (pollog.mc, 2003) -----------------------------------
S_OK = 0
E_INVALIDARG = 0x80070057
ERROR_FILE_NOT_FOUND = 0x80070002
RPC_S_SERVER_UNAVAILABLE = 0x800706BA
CRYPT_E_NOT_FOUND = 0x80092004
CRYPT_E_ASN1_BADTAG = 0x8009310B
CERTSRV_E_PROPERTY_EMPTY = 0x80094004  # what certreq shows with the missing e-mail warning (§3)
CERTSRV_E_UNSUPPORTED_CERT_TYPE = 0x80094800
CERTSRV_E_NO_CERT_TYPE = 0x80094801
CERTSRV_E_SUBJECT_DNS_REQUIRED = 0x8009480F
# The system messages (winerror.h) of the HRESULTs a request's status can hold, as certutil -view
# prints them after the code; 0x80094800's text is in a 2003 CertSvc event.
STATUS_MESSAGES = {
    S_OK: "The operation completed successfully.",
    E_INVALIDARG: "The parameter is incorrect.",
    CERTSRV_E_UNSUPPORTED_CERT_TYPE: "The requested certificate template is not supported by this CA.",
    CERTSRV_E_NO_CERT_TYPE: "The request contains no certificate template information.",
    CERTSRV_E_SUBJECT_DNS_REQUIRED: (
        "The Domain Name System (DNS) name is unavailable and cannot be added to the Subject Alternate name."
    ),
}


class CAError(LabError):
    """A Certificate Services call failed: the message and the HRESULT Windows reports."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


class CAUnavailableError(CAError):
    def __init__(self) -> None:
        super().__init__("The RPC server is unavailable.", RPC_S_SERVER_UNAVAILABLE)


class RegistryValueNotFoundError(CAError):
    def __init__(self) -> None:
        super().__init__("The system cannot find the file specified.", ERROR_FILE_NOT_FOUND)


class InvalidArgumentError(CAError):
    def __init__(self) -> None:
        super().__init__("The parameter is incorrect.", E_INVALIDARG)


class BadRequestError(CAError):
    def __init__(self) -> None:
        super().__init__("ASN1 bad tag value met.", CRYPT_E_ASN1_BADTAG)


class RequestNotFoundError(CAError):
    def __init__(self) -> None:
        super().__init__("Cannot find object or property.", CRYPT_E_NOT_FOUND)


class _Denied(Exception):
    """The policy module refused the request; it becomes a Denied row, not an error."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(text)
        self.code, self.text = code, text


# -- the CA and its database rows -----------------------------------------------------------------
@dataclass(frozen=True)
class CertificationAuthority:
    name: str
    computer: str  # NetBIOS name, upper case
    fqdn: str
    domain: str
    certificate: x509.Certificate
    running: bool

    @property
    def config(self) -> str:
        """The config string, `DC01.ehlo.dk\\ehlo-DC01-CA`."""
        return f"{self.fqdn}\\{self.name}"


@dataclass(frozen=True)
class Request:
    ca: str
    request_id: int
    requester: str
    submitted: datetime
    resolved: datetime
    disposition: int
    # "Issued", or the policy module's verdict with its HRESULT and text, as the CA database keeps
    # it: "Issued  0x80094004, The Enrollee ..." (a warning), "Denied by Policy Module  0x80094800, ..."
    disposition_message: str
    status_code: int  # S_OK for an issued request (warnings included), the denial's HRESULT otherwise
    status_text: str  # the system message of status_code
    template: str | None
    serial: str | None  # lower-case hex, as certutil prints it
    certificate: x509.Certificate | None
    common_name: str | None
    not_before: datetime | None
    not_after: datetime | None

    @property
    def issued(self) -> bool:
        return self.disposition == DISPOSITION_ISSUED


@dataclass(frozen=True)
class RegistryValue:
    name: str  # as the caller spelled it (certutil echoes it)
    type: str
    data: int | str

    @property
    def flags(self) -> list[tuple[str, int]]:
        """The named bits set in a flag value (EditFlags, CRLFlags), ascending."""
        table = FLAG_TABLES.get(self.name.lower(), ())
        return [(name, bit) for name, bit in table if isinstance(self.data, int) and self.data & bit]


@dataclass(frozen=True)
class RegistryChange:
    path: str
    old: RegistryValue | None  # None: the value did not exist
    new: RegistryValue


def _ca_from(doc: dict) -> CertificationAuthority:
    return CertificationAuthority(
        name=doc["name"],
        computer=doc["computer"],
        fqdn=doc["fqdn"],
        domain=doc["domain"],
        certificate=x509.load_der_x509_certificate(base64.b64decode(doc["certificate"])),
        running=doc["running"] is not None,
    )


def _doc(lab: Lab, ca: CertificationAuthority) -> dict:
    return lab.store.get(CA_KIND, ca.name.upper())


def list_cas(lab: Lab) -> list[CertificationAuthority]:
    return [_ca_from(doc) for _, doc in lab.store.list(CA_KIND)]


def get_ca(lab: Lab, name: str) -> CertificationAuthority | None:
    doc = lab.store.get(CA_KIND, name.upper())
    return _ca_from(doc) if doc else None


def local_ca(lab: Lab, computer: str) -> CertificationAuthority | None:
    """The CA installed on `computer`, if any."""
    return next((authority for authority in list_cas(lab) if authority.computer == computer.upper()), None)


def visible_cas(lab: Lab, computer: str) -> list[CertificationAuthority]:
    """The Enterprise CAs a computer finds in Active Directory: those of its domain when it is a
    member, its own CA otherwise."""
    host = computers.get_computer(lab, computer)
    return [
        authority for authority in list_cas(lab)
        if authority.computer == host.name.upper() or (host.domain_joined and _in_domain(host.fqdn, authority.domain))
    ]


def find_ca(lab: Lab, config: str) -> CertificationAuthority:
    """The CA a `Server\\CAName` config string names (server as NetBIOS name or FQDN, any case);
    a config naming nothing fails the way an unreachable server does."""
    host, _, name = config.rpartition("\\")
    try:
        computer = computers.get_computer(lab, host).name.upper() if host else ""
    except computers.UnknownComputer:
        raise CAUnavailableError() from None
    for authority in list_cas(lab):
        if authority.computer == computer and authority.name.lower() == name.lower():
            return authority
    raise CAUnavailableError()


def _in_domain(fqdn: str, domain: str) -> bool:
    return fqdn.lower().endswith("." + domain.lower())


def require_running(lab: Lab, ca: CertificationAuthority) -> dict:
    """The CA's document, if CertSvc answers; CAUnavailableError otherwise."""
    doc = _doc(lab, ca)
    if doc["running"] is None:
        raise CAUnavailableError()
    return doc


# -- installation and trust -----------------------------------------------------------------------
def install_enterprise_root_ca(lab: Lab, computer: str, ca_name: str, domain_fqdn: str) -> CertificationAuthority:
    """Certificate Services setup: key, self-signed CA certificate (trusted on the CA computer),
    registry defaults, the v1 templates, an empty database; CertSvc running."""
    host = computers.get_computer(lab, computer)
    key = keys.new_rsa_key(lab, CA_KEY_BITS)
    cert = _ca_certificate(lab, key, _ca_subject(ca_name, domain_fqdn))
    registry = {path: list(value) for path, value in DEFAULT_REGISTRY.items()}
    registry["CommonName"] = [REG_SZ, ca_name]
    lab.store.put(CA_KIND, ca_name.upper(), {
        "name": ca_name,
        "computer": host.name.upper(),
        "fqdn": host.fqdn,
        "domain": domain_fqdn,
        "certificate": base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode("ascii"),
        "key": key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii"),
        "registry": registry,
        "running": None,
        "next_request_id": FIRST_REQUEST_ID,
        "templates": list(ISSUED_TEMPLATES),
    })
    for template in BUILTIN_TEMPLATES:
        lab.store.put(TEMPLATE_KIND, template.name.upper(), asdict(template))
    certstore.add_certificate(lab, host.name, certstore.ROOT, cert, physical="Registry")
    if computers.get_service(lab, host.name, SERVICE_NAME).status == "Running":
        service_started(lab, host.name)
    else:
        computers.start_service(lab, host.name, SERVICE_NAME)  # calls service_started
    return get_ca(lab, ca_name)


def _ca_subject(ca_name: str, domain_fqdn: str) -> x509.Name:
    """`CN=<CA name>, DC=ehlo, DC=dk` (§4): DER order DC=dk, DC=ehlo, CN=..."""
    labels = ", ".join(f"DC={label}" for label in domain_fqdn.split("."))
    return pki.parse_windows_dn(f"CN={ca_name}, {labels}")


def _ca_certificate(lab: Lab, key: CertificateIssuerPrivateKeyTypes, subject: x509.Name) -> x509.Certificate:
    now = lab.clock.now()
    public_key = key.public_key()
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public_key)
        .serial_number(lab.random.serial_number(CA_SERIAL_BYTES))
        .not_valid_before(now - timedelta(minutes=CLOCK_SKEW_MINUTES_DEFAULT))
        .not_valid_after(add_period(now, *CA_VALIDITY))
        .add_extension(_template_name_extension(ROOT_TEMPLATE), critical=False)
        .add_extension(usage, critical=False)
        # EDITF_BASICCONSTRAINTSCRITICAL is in the default EditFlags.
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(x509.UnrecognizedExtension(OID_CA_VERSION, b"\x02\x01\x00"), critical=False)  # V0.0
    )
    return builder.sign(key, SIGNATURE_HASH)


def trust_root_on_domain_members(lab: Lab) -> None:
    """Group Policy puts each Enterprise root in every domain member's Trusted Root store
    (physical store Enterprise); computers outside the domain learn nothing."""
    for authority in list_cas(lab):
        thumbprint = pki.thumbprint(authority.certificate)
        for host in computers.list_computers(lab):
            if not host.domain_joined or not _in_domain(host.fqdn, authority.domain):
                continue
            if certstore.find(lab, host.name, certstore.ROOT, thumbprint) is None:
                certstore.add_certificate(lab, host.name, certstore.ROOT, authority.certificate, physical="Enterprise")


# -- the service ----------------------------------------------------------------------------------
def service_started(lab: Lab, computer: str) -> None:
    """CertSvc started on `computer`: its CA loads the registry into its running configuration."""
    _set_running(lab, computer, started=True)


def service_stopped(lab: Lab, computer: str) -> None:
    """CertSvc stopped: nothing answers for the CA until it starts again."""
    _set_running(lab, computer, started=False)


def _set_running(lab: Lab, computer: str, started: bool) -> None:
    for authority in list_cas(lab):
        if authority.computer == computer.upper():
            doc = _doc(lab, authority)
            doc["running"] = _running_configuration(doc["registry"]) if started else None
            lab.store.put(CA_KIND, authority.name.upper(), doc)


def _running_configuration(registry: dict) -> dict:
    return {
        "edit_flags": _registry_number(registry, rf"{POLICY_KEY}\EditFlags", EDITF_DEFAULT_ENTERPRISE),
        "validity": [
            _registry_number(registry, "ValidityPeriodUnits", 2),
            _registry_period(registry, "ValidityPeriod", "Years"),
        ],
        "clock_skew_minutes": _registry_number(registry, "ClockSkewMinutes", CLOCK_SKEW_MINUTES_DEFAULT),
    }


def _registry_entry(registry: dict, path: str) -> list | None:
    wanted = path.lower()
    return next((entry for key, entry in registry.items() if key.lower() == wanted), None)


def _registry_number(registry: dict, path: str, default: int) -> int:
    entry = _registry_entry(registry, path)
    return entry[1] if entry and entry[0] == REG_DWORD else default


def _registry_period(registry: dict, path: str, default: str) -> str:
    entry = _registry_entry(registry, path)
    valid = entry and entry[0] == REG_SZ and entry[1].lower() in _PERIODS
    return entry[1] if valid else default


# -- the registry as certutil -getreg / -setreg see it (§1.1-§1.3) --------------------------------
@dataclass(frozen=True)
class _RegistryPath:
    below: str | None  # path below the CA's key; None when the path leaves it
    value: str
    header: str


def _registry_path(ca: CertificationAuthority, path: str) -> _RegistryPath:
    """Resolve `ca\\X`, `policy\\X` or `<CA name>\\X`. The header echoes the caller's spelling and
    names the value only when it sits in the CA's key or the policy module's key: the captures show
    `...\\<CA>\\CRLFlags:` and `...\\Policy\\EditFlags:`, but `...\\<CA>\\csp:` for a CSP value."""
    head, _, rest = path.partition("\\")
    if head.lower() == "policy":
        parts = [POLICY_KEY, *rest.split("\\")] if rest else [POLICY_KEY]
    elif head.lower() in ("ca", ca.name.lower()):
        parts = rest.split("\\") if rest else []
    else:
        return _RegistryPath(None, path.rpartition("\\")[2], f"{CONFIGURATION_KEY}\\{path}")
    value = parts[-1] if parts else ""
    key = "\\".join(parts[:-1])
    shown = parts if key.lower() in ("", POLICY_KEY.lower()) else parts[:-1]
    return _RegistryPath("\\".join(parts), value, "\\".join([CONFIGURATION_KEY, ca.name, *shown]))


def registry_header(ca: CertificationAuthority, path: str) -> str:
    """The full registry path certutil prints above a value."""
    return _registry_path(ca, path).header


def get_value(lab: Lab, ca: CertificationAuthority, path: str) -> RegistryValue:
    where = _registry_path(ca, path)
    entry = _registry_entry(_doc(lab, ca)["registry"], where.below) if where.below else None
    if entry is None:
        raise RegistryValueNotFoundError()
    return RegistryValue(where.value, entry[0], entry[1])


def set_value(lab: Lab, ca: CertificationAuthority, path: str, expression: str) -> RegistryChange:
    """Write a value the certutil way: `+FLAG`/`-FLAG` (or `+n`/`-n`, or comma lists of either)
    set or clear bits of the current value, a decimal or 0x number replaces it. A REG_DWORD value
    (or a new flag value) takes nothing else: InvalidArgumentError, and nothing changes. Other
    values store anything else as a string. The running configuration is untouched until CertSvc
    restarts."""
    where = _registry_path(ca, path)
    if where.below is None or not where.value:
        raise RegistryValueNotFoundError()
    doc = _doc(lab, ca)
    registry = doc["registry"]
    current = _registry_entry(registry, where.below)
    old = RegistryValue(where.value, current[0], current[1]) if current else None
    kind, data = _evaluate(old, FLAG_TABLES.get(where.value.lower(), ()), expression)
    existing = next((key for key in registry if key.lower() == where.below.lower()), where.below)
    registry[existing] = [kind, data]
    lab.store.put(CA_KIND, ca.name.upper(), doc)
    return RegistryChange(where.header, old, RegistryValue(where.value, kind, data))


# PowerShell hands an en dash through to native programs as typed; it clears bits like '-'.
_SIGNS = ("+", "-", "\u2013")


def _evaluate(old: RegistryValue | None, table: tuple[tuple[str, int], ...], expression: str) -> tuple[str, int | str]:
    if old is not None and old.type == REG_DWORD:
        return REG_DWORD, _dword(old.data, table, expression)
    if old is None and table:  # a flag value (EditFlags, CRLFlags) that is not there yet
        return REG_DWORD, _dword(0, table, expression)
    sign, operand = expression[:1], expression[1:]
    if sign in _SIGNS and operand:
        bits = _bits(table, operand)
        return REG_DWORD, bits if sign == "+" else 0
    number = _number(expression)
    if number is not None:
        return REG_DWORD, number
    return REG_SZ, expression


def _dword(current: int, table: tuple[tuple[str, int], ...], expression: str) -> int:
    """A DWORD's new value: `+a,b` sets, `-a,b` clears, `a,b` replaces; each item a flag name or
    a 32-bit number. Anything else (a bare sign, text, a number too big) is the wrong parameter."""
    sign = expression[:1] if expression[:1] in _SIGNS else ""
    bits = _bits(table, expression[len(sign):])
    if sign == "+":
        return current | bits
    return current & ~bits if sign else bits


def _bits(table: tuple[tuple[str, int], ...], text: str) -> int:
    """The bits a comma list of flag names and numbers names (InvalidArgumentError otherwise)."""
    bits = 0
    for item in text.split(","):
        bits |= _bit(table, item.strip())
    return bits


def _bit(table: tuple[tuple[str, int], ...], text: str) -> int:
    number = _number(text)
    if number is not None:
        return number
    for name, bit in table:
        if name.lower() == text.lower():
            return bit
    raise InvalidArgumentError()


def _number(text: str) -> int | None:
    """A REG_DWORD literal: decimal digits or 0x hex."""
    try:
        value = int(text[2:], 16) if text[:2].lower() == "0x" else int(text) if text.isdigit() else None
    except ValueError:
        return None
    return value if value is not None and value <= 0xFFFFFFFF else None


# -- periods --------------------------------------------------------------------------------------
_PERIODS = {"years": 12, "months": 1, "weeks": "weeks", "days": "days", "hours": "hours", "minutes": "minutes",
            "seconds": "seconds"}


def add_period(moment: datetime, units: int, period: str) -> datetime:
    """`moment` plus a registry-style period; years and months are calendar months, the day
    clamped to the end of a shorter month."""
    step = _PERIODS[period.lower()]
    if isinstance(step, str):
        return moment + timedelta(**{step: units})
    total = moment.month - 1 + units * step
    year, month = moment.year + total // 12, total % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


# -- templates ------------------------------------------------------------------------------------
def get_template(lab: Lab, name: str) -> Template | None:
    doc = lab.store.get(TEMPLATE_KIND, name.upper())
    if doc is None:
        return None
    return Template(
        name=doc["name"],
        display_name=doc["display_name"],
        schema_version=doc["schema_version"],
        validity=(doc["validity"][0], doc["validity"][1]),
        ekus=tuple(doc["ekus"]),
        name_flags=tuple(doc["name_flags"]),
    )


def _template_name_extension(name: str) -> x509.UnrecognizedExtension:
    encoded = name.encode("utf-16-be")
    return x509.UnrecognizedExtension(OID_TEMPLATE_NAME, b"\x1e" + _der_length(len(encoded)) + encoded)


def _der_length(length: int) -> bytes:
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def template_name_of(cert_or_request: x509.Certificate | x509.CertificateSigningRequest) -> str | None:
    """The name in a Certificate Template Name extension (a BMPString), if there is one."""
    try:
        value = cert_or_request.extensions.get_extension_for_oid(OID_TEMPLATE_NAME).value
    except x509.ExtensionNotFound:
        return None
    data = value.value
    if data[:1] != b"\x1e" or len(data) < 2:
        return None
    start = 2 if data[1] < 0x80 else 2 + (data[1] & 0x7F)
    return data[start:].decode("utf-16-be", "replace")


def ca_version_of(cert: x509.Certificate) -> str | None:
    """The CA Version extension as certutil shows it, `V<certificate index>.<key index>`."""
    try:
        data = cert.extensions.get_extension_for_oid(OID_CA_VERSION).value.value
    except x509.ExtensionNotFound:
        return None
    if data[:1] != b"\x02" or len(data) < 3:
        return None
    value = int.from_bytes(data[2:2 + data[1]], "big")
    return f"V{value & 0xFFFF}.{value >> 16}"


# -- requests -------------------------------------------------------------------------------------
def parse_attributes(text: str) -> dict[str, str]:
    """certreq's -attrib string: `Name:Value` pairs separated by a backslash-n (typed as the two
    characters) or a line break, as the web form's Attributes box sends them."""
    pairs: dict[str, str] = {}
    for item in text.replace("\\n", "\n").splitlines():
        name, sep, value = item.partition(":")
        if sep and name.strip():
            pairs[name.strip()] = value.strip()
    return pairs


def submit(
    lab: Lab, ca: CertificationAuthority, csr_bytes: bytes, attributes: dict[str, str], requester: str
) -> Request:
    """ICertRequest::Submit: every request that reaches the CA gets a RequestId and a row,
    issued or denied."""
    doc = require_running(lab, ca)
    try:
        csr = pki.load_request(csr_bytes)
    except pki.PkiError:
        raise BadRequestError() from None
    attributes = {name.lower(): value for name, value in attributes.items()}
    request_id = doc["next_request_id"]
    doc["next_request_id"] = request_id + 1
    lab.store.put(CA_KIND, ca.name.upper(), doc)
    now = lab.clock.now()
    row = {
        "ca": ca.name, "request_id": request_id, "requester": requester,
        "submitted": now.isoformat(), "resolved": now.isoformat(),
        "template": None, "serial": None, "certificate": None, "common_name": None,
        "not_before": None, "not_after": None,
    }
    try:
        template = _template_for(lab, doc, csr, attributes)
        row["template"] = template.name
        cert, warning = _issue(lab, doc, csr, attributes, template, requester, request_id, now)
    except _Denied as denial:
        row.update(
            disposition=DISPOSITION_DENIED,
            disposition_message=_verdict(DISPOSITION_DENIED, (denial.code, denial.text)),
            status_code=denial.code,
            status_text=STATUS_MESSAGES.get(denial.code, denial.text),
        )
    else:
        row.update(
            disposition=DISPOSITION_ISSUED,
            disposition_message=_verdict(DISPOSITION_ISSUED, warning),
            status_code=S_OK,
            status_text=STATUS_MESSAGES[S_OK],
            serial=pki.serial_hex(cert).lower(),
            certificate=base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode("ascii"),
            common_name=(pki.common_names(cert.subject) or [None])[-1],
            not_before=pki.naive_utc(cert.not_valid_before_utc).isoformat(),
            not_after=pki.naive_utc(cert.not_valid_after_utc).isoformat(),
        )
    lab.store.put(REQUEST_KIND, _request_key(ca, request_id), row)
    return _request_from(row)


def _verdict(disposition: int, note: tuple[int, str] | None) -> str:
    """The disposition message the CA stores: the verdict, then the policy module's HRESULT and
    text after two spaces (real captures: `Issued  0x80094004, The Enrollee ...`, `Denied by
    Policy Module  0x80094800, The request was for ...`)."""
    verdict = DISPOSITION_MESSAGES[disposition]
    return f"{verdict}  0x{note[0]:08x}, {note[1]}" if note else verdict


def retrieve(lab: Lab, ca: CertificationAuthority, request_id: int) -> Request:
    """ICertRequest::RetrievePending: a row of the CA database by RequestId."""
    require_running(lab, ca)
    row = lab.store.get(REQUEST_KIND, _request_key(ca, request_id))
    if row is None:
        raise RequestNotFoundError()
    return _request_from(row)


def list_requests(lab: Lab, ca: CertificationAuthority) -> list[Request]:
    """The CA database (certutil -view), by RequestId."""
    require_running(lab, ca)
    prefix = f"{ca.name.upper()}/"
    return [_request_from(row) for key, row in lab.store.list(REQUEST_KIND) if key.startswith(prefix)]


def chain(authority: CertificationAuthority, request: Request) -> list[x509.Certificate]:
    """What the CA hands out as an issued request's chain (certreq's CertChainFileOut, the web
    pages' "Download certificate chain"): the certificate, then the root."""
    if request.certificate is None:
        return []
    return [request.certificate, authority.certificate]


def _request_key(ca: CertificationAuthority, request_id: int) -> str:
    return f"{ca.name.upper()}/{request_id:010d}"


def _request_from(row: dict) -> Request:
    def moment(text: str | None) -> datetime | None:
        return datetime.fromisoformat(text) if text else None

    der = row["certificate"]
    return Request(
        ca=row["ca"],
        request_id=row["request_id"],
        requester=row["requester"],
        submitted=datetime.fromisoformat(row["submitted"]),
        resolved=datetime.fromisoformat(row["resolved"]),
        disposition=row["disposition"],
        disposition_message=row["disposition_message"],
        status_code=row["status_code"],
        status_text=row["status_text"],
        template=row["template"],
        serial=row["serial"],
        certificate=x509.load_der_x509_certificate(base64.b64decode(der)) if der else None,
        common_name=row["common_name"],
        not_before=moment(row["not_before"]),
        not_after=moment(row["not_after"]),
    )


def _template_for(lab: Lab, doc: dict, csr: x509.CertificateSigningRequest, attributes: dict[str, str]) -> Template:
    name = attributes.get("certificatetemplate") or template_name_of(csr)
    if not name:
        raise _Denied(
            CERTSRV_E_NO_CERT_TYPE,
            "The request does not contain a certificate template extension or the CertificateTemplate "
            "request attribute.",
        )
    template = get_template(lab, name) if name.lower() in (t.lower() for t in doc["templates"]) else None
    if template is None:
        raise _Denied(
            CERTSRV_E_UNSUPPORTED_CERT_TYPE,
            f"The request was for certificate template ({name}) that is not supported by the Certificate "
            "Services policy.",
        )
    return template


def _issue(
    lab: Lab, doc: dict, csr: x509.CertificateSigningRequest, attributes: dict[str, str], template: Template,
    requester: str, request_id: int, now: datetime,
) -> tuple[x509.Certificate, tuple[int, str] | None]:
    running = doc["running"]
    ca_cert = x509.load_der_x509_certificate(base64.b64decode(doc["certificate"]))
    subject, names, warning = _subject_and_names(lab, template, csr, requester)
    # MS-WCCE 3.2.1.4.2.1.2: the SAN attribute counts only with EDITF_ATTRIBUTESUBJECTALTNAME2 in
    # the configuration CertSvc loaded when it started (§2).
    if running["edit_flags"] & EDITF_ATTRIBUTESUBJECTALTNAME2 and "san" in attributes:
        names = _san_attribute(attributes["san"])
    not_after = min(
        add_period(now, *template.validity),
        add_period(now, *running["validity"]),
        pki.naive_utc(ca_cert.not_valid_after_utc),
    )
    public_key = csr.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(_serial_number(lab, request_id))
        .not_valid_before(now - timedelta(minutes=running["clock_skew_minutes"]))
        .not_valid_after(not_after)
    )
    if template.schema_version == 1:
        builder = builder.add_extension(_template_name_extension(template.name), critical=False)
    builder = builder.add_extension(_TEMPLATE_KEY_USAGE, critical=True).add_extension(
        x509.ExtendedKeyUsage([ObjectIdentifier(oid) for oid in template.ekus]), critical=False
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    builder = builder.add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    if running["edit_flags"] & EDITF_ENABLEAKIKEYID:
        ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
    key = serialization.load_pem_private_key(doc["key"].encode("ascii"), None, unsafe_skip_rsa_key_validation=True)
    return builder.sign(key, SIGNATURE_HASH), warning


def _serial_number(lab: Lab, request_id: int) -> int:
    """A 2003 CA's ten-byte serial: four random bytes (first byte non-zero, high bit clear), the CA
    certificate's index (0) in two bytes, the RequestId in four; e.g. 610a1b3c000000000002."""
    return (lab.random.randint(0x01000000, 0x7FFFFFFF, stream="serials") << 48) | request_id


def _subject_and_names(
    lab: Lab, template: Template, csr: x509.CertificateSigningRequest, requester: str
) -> tuple[x509.Name, list[x509.GeneralName], tuple[int, str] | None]:
    """Subject and SAN names: from the request when the enrollee supplies the subject (the SAN
    extension of the request included, §2), else built from the requester's directory entry."""
    if template.enrollee_supplies_subject:
        try:
            names = list(csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value)
        except x509.ExtensionNotFound:
            names = []
        return _reordered(csr.subject), names, None
    return _directory_subject(lab, template, requester)


def _reordered(name: x509.Name) -> x509.Name:
    rank = {oid: index for index, oid in enumerate(_SUBJECT_ORDER)}
    return x509.Name(sorted(name.rdns, key=lambda rdn: rank.get(next(iter(rdn)).oid, len(_SUBJECT_ORDER))))


def _directory_subject(
    lab: Lab, template: Template, requester: str
) -> tuple[x509.Name, list[x509.GeneralName], tuple[int, str] | None]:
    user = directory.find_user(lab, requester)
    enrollee = user.distinguished_name
    flags = template.name_flags
    if "SubjectRequireDnsAsCn" in flags or "SubjectAltRequireDns" in flags:  # a user has no DNS name
        raise _Denied(
            CERTSRV_E_SUBJECT_DNS_REQUIRED,
            f"The Enrollee ({enrollee}) has no DNS name registered in the Active Directory. "
            "The certificate cannot be generated.",
        )
    mail = _mail_address(lab, user)
    rdns = f"E={mail}, {enrollee}" if mail and "SubjectRequireEmail" in flags else enrollee
    names: list[x509.GeneralName] = []
    if "SubjectAltRequireUpn" in flags:
        names.append(_upn(user.user_principal_name))
    if mail and "SubjectAltRequireEmail" in flags:
        names.append(x509.RFC822Name(mail))
    warning = None
    if mail is None and ("SubjectRequireEmail" in flags or "SubjectAltRequireEmail" in flags):
        warning = (
            CERTSRV_E_PROPERTY_EMPTY,
            f"The Enrollee ({enrollee}) has no E-Mail name registered in the Active Directory.  "
            "The E-Mail name will not be included in the certificate.",
        )
    return pki.parse_windows_dn(rdns), names, warning


def _mail_address(lab: Lab, user: directory.User) -> str | None:
    """The user's mail attribute: the primary SMTP address of their mailbox, if they have one."""
    sam = user.sam_account_name.lower()
    mailboxes = exchange.list_mailboxes(lab)
    return next((m.primary_smtp_address for m in mailboxes if m.sam_account_name.lower() == sam), None)


_SAN_TYPES = {
    "dns": x509.DNSName,
    "email": x509.RFC822Name,
    "url": x509.UniformResourceIdentifier,
    "ipaddress": lambda text: x509.IPAddress(ipaddress.ip_address(text)),
    "upn": lambda text: _upn(text),
}


def _upn(upn: str) -> x509.OtherName:
    """A UPN SAN entry: otherName szOID_NT_PRINCIPAL_NAME holding a UTF8String."""
    encoded = upn.encode("utf-8")
    return x509.OtherName(OID_UPN, b"\x0c" + _der_length(len(encoded)) + encoded)


def _san_attribute(text: str) -> list[x509.GeneralName]:
    """`dns=a&dns=b&upn=...` (MS-WCCE 3.2.1.4.2.1.2); a malformed attribute denies the request."""
    names: list[x509.GeneralName] = []
    for item in text.split("&"):
        kind, _, value = item.partition("=")
        make = _SAN_TYPES.get(kind.strip().lower())
        try:
            if make is None or not value.strip():
                raise ValueError(kind)
            names.append(make(value.strip()))
        except ValueError:
            raise _Denied(E_INVALIDARG, "The parameter is incorrect.") from None
    return names
