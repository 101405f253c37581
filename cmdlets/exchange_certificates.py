"""The Exchange 2007 SP1 certificate cmdlets: New-, Import-, Enable-, Get-, Export- and
Remove-ExchangeCertificate (exchange-cmdlets.md §2-§8), local server only.

The certificate work is the lab's (`emshell.lab.certstore`); this module binds the 2007 parameter
sets, reads and writes the files (`-Path`), turns lab errors into Exchange's error records and
wraps what the lab returns in the `ExchangeCertificate` object with its views.
"""
from __future__ import annotations

import zlib
from typing import Any, NoReturn

from emshell.cmdlets.client_access import local_exchange_server
from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch
from emshell.engine.objects import PSEnum, PSFlags, PSObject, SecureString, format_datetime, type_name
from emshell.engine.types import PSType, register_enum, register_type
from emshell.formatting.views import ListItem, ListView, TableColumn, TableView, register_view
from emshell.lab import paths
from emshell.lab.lab import LabError

_TASKS = "Microsoft.Exchange.Management.SystemConfigurationTasks."
_X509 = "System.Security.Cryptography.X509Certificates."


# -- enumerations (§2.2) --------------------------------------------------------------------------
# `None` is a Python keyword, so these enums are built from (name, value) pairs.
AllowedServices = PSFlags("AllowedServices", [("None", 0), ("IMAP", 1), ("POP", 2), ("UM", 4), ("IIS", 8),
                                              ("SMTP", 16)])
AllowedServices.__ps_type__ = _TASKS + "AllowedServices"
CertificateStatus = PSEnum("CertificateStatus", [
    ("Unknown", 0), ("Valid", 1), ("Revoked", 2), ("DateInvalid", 3), ("Untrusted", 4), ("Invalid", 5),
    ("RevocationCheckFailure", 6), ("PendingRequest", 7),
])
CertificateStatus.__ps_type__ = _TASKS + "CertificateStatus"
CertificateAuthorityType = PSEnum("CertificateAuthorityType", [
    ("None", 0), ("ThirdParty", 1), ("Enterprise", 2), ("Registry", 3), ("GroupPolicy", 4), ("Unknown", 5),
])
CertificateAuthorityType.__ps_type__ = _TASKS + "CertificateAuthorityType"
for _enum in (AllowedServices, CertificateStatus, CertificateAuthorityType):
    register_enum(_enum)


# What a new self-signed certificate is enabled for when -Services is not given (§3.2).
DEFAULT_SERVICES = AllowedServices["IMAP"] | AllowedServices["POP"] | AllowedServices["SMTP"]


def services_string(services: int, letters: str) -> str:
    """The table's Services column: one letter per service in enum order, `.` when not enabled (§2.2)."""
    return "".join(letter if services & (1 << bit) else "." for bit, letter in enumerate(letters))


# -- the .NET objects an ExchangeCertificate carries ----------------------------------------------
# Windows' friendly names of the OIDs a lab certificate carries (CryptFindOIDInfo).
OID_NAMES = {
    "1.2.840.113549.1.1.1": "RSA",
    "1.2.840.113549.1.1.4": "md5RSA",
    "1.2.840.113549.1.1.5": "sha1RSA",
    "1.2.840.113549.1.1.11": "sha256RSA",
    "1.2.840.113549.1.1.12": "sha384RSA",
    "1.2.840.113549.1.1.13": "sha512RSA",
    "2.5.29.14": "Subject Key Identifier",
    "2.5.29.15": "Key Usage",
    "2.5.29.17": "Subject Alternative Name",
    "2.5.29.19": "Basic Constraints",
    "2.5.29.31": "CRL Distribution Points",
    "2.5.29.32": "Certificate Policies",
    "2.5.29.35": "Authority Key Identifier",
    "2.5.29.37": "Enhanced Key Usage",
    "1.3.6.1.5.5.7.1.1": "Authority Information Access",
    "1.3.6.1.4.1.311.20.2": "Certificate Template Name",
    "1.3.6.1.4.1.311.21.1": "CA Version",
    "1.3.6.1.4.1.311.21.7": "Certificate Template Information",
    "1.3.6.1.4.1.311.21.10": "Application Policies",
}
# The X509Extension subclass .NET creates for an extension OID (X509ExtensionCollection).
EXTENSION_CLASSES = {
    "2.5.29.14": "X509SubjectKeyIdentifierExtension",
    "2.5.29.15": "X509KeyUsageExtension",
    "2.5.29.19": "X509BasicConstraintsExtension",
    "2.5.29.37": "X509EnhancedKeyUsageExtension",
}


class _DotNetObject(PSObject):
    """A plain .NET object: its properties are set once; ToString is the type name."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)


class Oid(_DotNetObject):
    TYPE_NAMES = ("System.Security.Cryptography.Oid", "System.Object")
    PROPERTIES = ("Value", "FriendlyName")


def _oid(dotted: str) -> Oid:
    return Oid(Value=dotted, FriendlyName=OID_NAMES.get(dotted))


class X500DistinguishedName(_DotNetObject):
    TYPE_NAMES = (_X509 + "X500DistinguishedName", "System.Security.Cryptography.AsnEncodedData", "System.Object")
    PROPERTIES = ("Name", "Oid", "RawData")


class RSACryptoServiceProvider(_DotNetObject):
    TYPE_NAMES = ("System.Security.Cryptography.RSACryptoServiceProvider", "System.Security.Cryptography.RSA",
                  "System.Security.Cryptography.AsymmetricAlgorithm", "System.Object")
    PROPERTIES = ("PublicOnly", "KeyExchangeAlgorithm", "SignatureAlgorithm", "KeySize", "PersistKeyInCsp")


def _rsa(key_size: int, public_only: bool) -> RSACryptoServiceProvider:
    return RSACryptoServiceProvider(PublicOnly=public_only, KeyExchangeAlgorithm="RSA-PKCS1-KeyEx",
                                    SignatureAlgorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                                    KeySize=key_size, PersistKeyInCsp=not public_only)


class PublicKey(_DotNetObject):
    TYPE_NAMES = (_X509 + "PublicKey", "System.Object")
    PROPERTIES = ("Key", "Oid")


class X509Extension(_DotNetObject):
    TYPE_NAMES = (_X509 + "X509Extension", "System.Security.Cryptography.AsnEncodedData", "System.Object")
    PROPERTIES = ("Critical", "Oid", "RawData")

    def ps_type_names(self) -> tuple[str, ...]:
        special = EXTENSION_CLASSES.get(self.Oid.Value)
        return ((_X509 + special,) if special else ()) + self.TYPE_NAMES


class CryptoKeyAccessRule(_DotNetObject):
    TYPE_NAMES = ("System.Security.AccessControl.CryptoKeyAccessRule", "System.Security.AccessControl.AccessRule",
                  "System.Security.AccessControl.AuthorizationRule", "System.Object")
    PROPERTIES = ("CryptoKeyRights", "AccessControlType", "IdentityReference", "IsInherited", "InheritanceFlags",
                  "PropagationFlags")


# The ACL of a machine key Exchange made; Network Service may read the keys of the certificates
# enabled for SMTP (exchange-cmdlets.md §3.3, §5.3).
_KEY_OWNERS = ("BUILTIN\\Administrators", "NT AUTHORITY\\SYSTEM")
NETWORK_SERVICE = "NT AUTHORITY\\NETWORK SERVICE"


def _access_rules(has_key: bool, services: int) -> list[CryptoKeyAccessRule]:
    if not has_key:
        return []
    grants = [(owner, "FullControl") for owner in _KEY_OWNERS]
    if services & AllowedServices["SMTP"]:
        grants.append((NETWORK_SERVICE, "GenericRead"))
    return [CryptoKeyAccessRule(CryptoKeyRights=rights, AccessControlType="Allow", IdentityReference=who,
                                IsInherited=False, InheritanceFlags="None", PropagationFlags="None")
            for who, rights in grants]


def _key_identifier(cert: Any) -> str:
    """The subject key identifier: the extension's, else the SHA-1 of the public key (as CryptoAPI)."""
    from cryptography import x509

    try:
        identifier = cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    except x509.ExtensionNotFound:
        identifier = x509.SubjectKeyIdentifier.from_public_key(cert.public_key())
    return identifier.digest.hex().upper()


# -- the ExchangeCertificate ------------------------------------------------------------------------
class ExchangeCertificate(PSObject):
    """What the certificate cmdlets emit: an X509Certificate2 with Exchange's properties (§2.1)."""

    __ps_type__ = _X509 + "X509Certificate2"  # the type the -Instance parameters declare
    TYPE_NAMES = (_TASKS + "ExchangeCertificate", _X509 + "X509Certificate2", _X509 + "X509Certificate",
                  "System.Object")
    # The class's own properties, then X509Certificate2's and X509Certificate's in .NET's order.
    PROPERTIES = (
        "AccessRules", "CertificateDomains", "CertificateRequest", "IsSelfSigned", "KeyIdentifier",
        "PrivateKeyExportable", "PublicKeySize", "RootCAType", "Services", "Status",
        "Archived", "Extensions", "FriendlyName", "IssuerName", "NotAfter", "NotBefore", "HasPrivateKey",
        "PrivateKey", "PublicKey", "RawData", "SerialNumber", "SubjectName", "SignatureAlgorithm", "Thumbprint",
        "Version", "Issuer", "Subject",
    )

    def __init__(self, view: Any, letters: str) -> None:
        from cryptography.hazmat.primitives import serialization

        cert = view.cert
        self._letters = letters
        self.Services = AllowedServices(int(view.services))
        self.AccessRules = _access_rules(view.has_private_key, int(view.services))
        self.CertificateDomains = list(view.certificate_domains)
        self.CertificateRequest = view.certificate_request
        self.IsSelfSigned = view.is_self_signed
        self.KeyIdentifier = _key_identifier(cert)
        self.PrivateKeyExportable = view.private_key_exportable
        self.PublicKeySize = view.public_key_size
        self.RootCAType = CertificateAuthorityType[view.root_ca_type]
        self.Status = CertificateStatus[view.status]
        self.Archived = False
        self.Extensions = [X509Extension(Critical=ext.critical, Oid=_oid(ext.oid.dotted_string),
                                         RawData=ext.value.public_bytes()) for ext in cert.extensions]
        self.FriendlyName = view.friendly_name
        self.IssuerName = X500DistinguishedName(Name=view.issuer, Oid=None, RawData=cert.issuer.public_bytes())
        self.NotAfter = view.not_after
        self.NotBefore = view.not_before
        self.HasPrivateKey = view.has_private_key
        self.PrivateKey = _rsa(view.public_key_size, False) if view.has_private_key else None
        self.PublicKey = PublicKey(Key=_rsa(view.public_key_size, True), Oid=_oid("1.2.840.113549.1.1.1"))
        self.RawData = cert.public_bytes(serialization.Encoding.DER)
        self.SerialNumber = view.serial
        self.SubjectName = X500DistinguishedName(Name=view.subject, Oid=None, RawData=cert.subject.public_bytes())
        self.SignatureAlgorithm = _oid(cert.signature_algorithm_oid.dotted_string)
        self.Thumbprint = view.thumbprint
        self.Version = cert.version.value + 1
        self.Issuer = view.issuer
        self.Subject = view.subject

    def services_string(self) -> str:
        return services_string(int(self.Services), self._letters)

    def ps_to_string(self) -> str:
        """X509Certificate2.ToString(): X509Certificate's verbose form, dates in the current culture."""
        sections = (("Subject", self.Subject), ("Issuer", self.Issuer), ("Serial Number", self.SerialNumber),
                    ("Not Before", format_datetime(self.NotBefore)), ("Not After", format_datetime(self.NotAfter)),
                    ("Thumbprint", self.Thumbprint))
        return "\r\n".join(f"[{label}]\r\n  {value}\r\n" for label, value in sections)


register_view(_TASKS + "ExchangeCertificate", TableView((
    TableColumn("Thumbprint", "Thumbprint", width=41),
    TableColumn("Services", lambda cert: cert.services_string(), width=10),
    TableColumn("Subject", "Subject"),
)))
register_view(_TASKS + "ExchangeCertificate", ListView(tuple(ListItem(name, name) for name in (
    "AccessRules", "CertificateDomains", "HasPrivateKey", "IsSelfSigned", "Issuer", "NotAfter", "NotBefore",
    "PublicKeySize", "RootCAType", "SerialNumber", "Services", "Status", "Subject", "Thumbprint",
))))


# -- parameter types ---------------------------------------------------------------------------------
def _to_distinguished_name(value: Any) -> X500DistinguishedName:
    """`[X500DistinguishedName]"C=dk, O=..., CN=..."`, as binding -SubjectName converts it."""
    from emshell.lab import pki

    if isinstance(value, X500DistinguishedName):
        return value
    text = conv.expand_string(value)
    try:
        name = pki.parse_windows_dn(text)
    except pki.PkiError as error:
        raise conv.ConversionError(
            f'Cannot convert value "{text}" to type "{DISTINGUISHED_NAME.full_name}". Error: "{error}"') from None
    return X500DistinguishedName(Name=pki.format_windows_dn(name), Oid=None, RawData=name.public_bytes())


def _to_certificate(value: Any) -> ExchangeCertificate:
    if isinstance(value, ExchangeCertificate):
        return value
    raise conv.ConversionError(
        f'Cannot convert the "{conv.expand_string(value)}" value of type "{type_name(value)}" to type '
        f'"{CERTIFICATE.full_name}".')


DISTINGUISHED_NAME = register_type(PSType(_X509 + "X500DistinguishedName", _to_distinguished_name,
                                          lambda v: isinstance(v, X500DistinguishedName)))
CERTIFICATE = register_type(PSType(_X509 + "X509Certificate2", _to_certificate,
                                   lambda v: isinstance(v, ExchangeCertificate)))


# -- errors --------------------------------------------------------------------------------------------
# ErrorCategory of each lab error. Exchange ids are 8 hex digits: the two the reference shows
# (real-outputs §4C, §4E) are kept, the others are a CRC-32 of the error's name.
_CATEGORIES = {
    "CertificateNotFoundError": "ObjectNotFound",
    "CertificateNotValidError": "NotSpecified",
    "InvalidKeySizeError": "InvalidArgument",
    "InvalidDomainError": "InvalidArgument",
    "MissingFqdnError": "InvalidArgument",
    "FriendlyNameTooLongError": "InvalidArgument",
    "CertificateExistsError": "WriteError",
    "WrongPasswordError": "ReadError",
    "CorruptDataError": "ReadError",
    "UntrustedRootError": "InvalidOperation",
    "NoMatchingRequestError": "ReadError",
    "NoPrivateKeyImportError": "ReadError",
    "NoPrivateKeyExportError": "InvalidOperation",
    "PasswordRequiredError": "InvalidArgument",
    "NotExportableError": "InvalidOperation",
    "TransportCertificateRemovalError": "InvalidOperation",
    "ExchangeServerNotFound": "ObjectNotFound",
}
_KNOWN_IDS = {"WrongPasswordError": "A39CF339", "CertificateNotValidError": "FE3EAF97"}
# The .NET exception a file problem raises (System.IO and friends).
_FILE_EXCEPTIONS = {
    "ItemNotFound": "FileNotFoundException",
    "PartNotFound": "DirectoryNotFoundException",
    "AccessDenied": "UnauthorizedAccessException",
    "PathTooLong": "PathTooLongException",
    "UnsupportedFormat": "NotSupportedException",
    "IllegalCharacters": "ArgumentException",
    "InvalidUncPath": "ArgumentException",
    "DevicePath": "NotSupportedException",
}


def _error_id(name: str) -> str:
    return _KNOWN_IDS.get(name) or f"{zlib.crc32(name.encode('ascii')):08X}"


def _file_message(error: paths.PathError) -> str:
    """.NET's text: File.ReadAllBytes says "Could not find file" where the shell says "Cannot find path"."""
    if isinstance(error, paths.ItemNotFound):
        return f"Could not find file '{error.path}'."
    return str(error)


class _CertificateTask(Cmdlet):
    """What the six cmdlets share: lab errors as Exchange reports them, files through the lab's paths."""

    file_category = "WriteError"  # the ErrorCategory of a file problem (Import reads, the others write)

    def begin(self) -> None:
        """Exchange 2007's certificate cmdlets act on the local server: on a computer that is no
        Exchange server (DC01, CLIENT01) they stop before doing anything (§1.1, §3.5)."""
        try:
            local_exchange_server(self.lab, self.computer)
        except LabError as error:
            self.fail(error)

    def fail(self, error: LabError, target: Any = None) -> NoReturn:
        """A terminating error: what this call changed in the lab is rolled back with it."""
        name = type(error).__name__
        if isinstance(error, paths.PathError):
            self.throw_terminating(_file_message(error), _error_id(name), self.file_category, target,
                                   _FILE_EXCEPTIONS.get(name, "IOException"))
        self.throw_terminating(str(error), _error_id(name), _CATEGORIES.get(name, "NotSpecified"), target)

    def require(self, name: str) -> str:
        """A mandatory string parameter refuses $null and "" (the binder's texts, §B7)."""
        value = getattr(self, name)
        if value is None or value == "":
            kind = "null" if value is None else "an empty string"
            self.throw_terminating(f"Cannot bind argument to parameter '{name}' because it is {kind}.",
                                   "ParameterArgumentValidationErrorNullNotAllowed" if value is None else
                                   "ParameterArgumentValidationErrorEmptyStringNotAllowed", "InvalidData",
                                   exception_type="ParameterBindingValidationException")
        return value

    def read_file(self, text: str) -> bytes:
        try:
            path = self.session.resolve_path(text)
            try:
                return paths.read_bytes(path)
            except paths.ItemNotFound:
                # File.ReadAllBytes: a missing folder is DirectoryNotFoundException, a missing file
                # FileNotFoundException
                if path.parent is not None and not paths.is_dir(path.parent):
                    raise paths.PartNotFound(path.display) from None
                raise
        except paths.PathError as error:
            self.fail(error, text)

    def new_file(self, text: str, force: bool) -> paths.LabPath:
        """The -Path a cmdlet writes: an existing file only with -Force (FileMode.CreateNew otherwise)."""
        if not text:
            self.throw_terminating("Empty path name is not legal.", _error_id("EmptyPath"), "InvalidArgument", text,
                                   "ArgumentException")
        try:
            target = self.session.resolve_path(text)
            exists = paths.exists(target)
        except paths.PathError as error:
            self.fail(error, text)
        if exists and not force:
            self.throw_terminating(f"The file '{target.display}' already exists.", _error_id("FileExists"),
                                   "WriteError", text, "IOException")
        return target

    def write_file(self, target: paths.LabPath, data: bytes) -> None:
        try:
            paths.write_bytes(target, data)
        except paths.PathError as error:
            self.fail(error, target.display)

    def certificate(self, view: Any) -> ExchangeCertificate:
        return ExchangeCertificate(view, self.session.profile.services_letters)

    def locate(self) -> Any:
        """The certificate or pending request -Thumbprint names (checked before any prompt)."""
        from emshell.lab import certstore

        thumbprint = self.require("Thumbprint")
        try:
            return certstore.exchange_certificates(self.lab, self.computer, thumbprint=thumbprint)[0]
        except LabError as error:
            self.fail(error, thumbprint)


def _secret(value: SecureString | None) -> str | None:
    return value.reveal() if value is not None else None


_THUMBPRINT_HELP = "The thumbprint of the certificate, as Get-ExchangeCertificate shows it."
_DC_HELP = "The domain controller that reads and writes Active Directory (the lab has one, so it is not used)."


def _domain_controller(display_type: str = "Fqdn") -> Param:
    """The 2007 syntax types it <String> on New-ExchangeCertificate, <Fqdn> elsewhere (§1.2)."""
    return Param("DomainController", str, display_type=display_type, help=_DC_HELP)

_MULTI_VALUED = "MultiValuedProperty"
_BOOLEAN = "$true | $false"


def _thumbprint(mandatory: bool, sets: tuple[str, ...] = ()) -> Param:
    return Param("Thumbprint", str, position=0, mandatory=mandatory, sets=sets, pipeline=True,
                 pipeline_by_name=True, help=_THUMBPRINT_HELP)


# -- Get-ExchangeCertificate (§6) ----------------------------------------------------------------------
class GetExchangeCertificate(_CertificateTask):
    name = "Get-ExchangeCertificate"
    dotnet_class = _TASKS + "GetExchangeCertificate"
    synopsis = "Displays the Exchange certificates and pending certificate requests of the local server."
    description = ("Lists the certificates of the computer's Personal store that Exchange can use, and the pending "
                   "requests, newest first. Services, Status and RootCAType are worked out from the stores, the "
                   "chain and the service bindings each time.")
    parameters = (
        _thumbprint(False, ("Thumbprint",)),
        Param("DomainName", list[str], display_type=_MULTI_VALUED,
              help="Only certificates for these names; the first is the one Exchange would choose."),
        Param("Instance", CERTIFICATE, sets=("Instance",), pipeline=True, display_type="X509Certificate2",
              help="A certificate object to show again, as Exchange sees it now."),
    )
    default_set = "Thumbprint"
    examples = (
        Example("Get-ExchangeCertificate", "Lists the certificates and pending requests of the local server."),
        Example("Get-ExchangeCertificate -Thumbprint <thumbprint> | FL", "Shows one certificate in detail."),
        Example("Get-ExchangeCertificate -DomainName mail.ehlo.dk",
                "Lists the certificates for mail.ehlo.dk, the one Exchange would use first."),
    )

    def process(self) -> None:
        from emshell.lab import certstore

        thumbprint = self.Instance.Thumbprint if self.Instance is not None else self.Thumbprint
        try:
            views = certstore.exchange_certificates(self.lab, self.computer, thumbprint=thumbprint,
                                                    domains=self.DomainName)
        except LabError as error:  # a Get- task reports a missing certificate without stopping
            name = type(error).__name__
            self.write_error(str(error), _error_id(name), _CATEGORIES.get(name, "NotSpecified"), thumbprint)
            return
        for view in views:
            self.write_object(self.certificate(view))


# -- New-ExchangeCertificate (§3) -----------------------------------------------------------------------
_REQUEST, _SELF_SIGNED = "Request", "Certificate"


class NewExchangeCertificate(_CertificateTask):
    name = "New-ExchangeCertificate"
    dotnet_class = _TASKS + "NewExchangeCertificate"
    synopsis = "Creates a self-signed certificate, or a certificate request for a certification authority."
    description = ("Without -GenerateRequest: a one-year self-signed certificate in the Personal store, enabled for "
                   "-Services. With -GenerateRequest: a PKCS#10 request whose key stays in the server's request "
                   "store (Status PendingRequest) and, with -Path, the request file to give to the CA.")
    parameters = (
        Param("BinaryEncoded", Switch, sets=(_REQUEST,), help="Write the request file DER-encoded, not Base64."),
        _domain_controller("String"),
        Param("DomainName", list[str], display_type=_MULTI_VALUED,
              help="The names for the subject alternative name extension."),
        Param("Force", Switch, sets=(_REQUEST,), help="Overwrite an existing request file."),
        Param("FriendlyName", str, help="The friendly name (fewer than 64 characters; default Microsoft Exchange)."),
        Param("GenerateRequest", Switch, sets=(_REQUEST,), help="Create a certificate request, not a certificate."),
        Param("IncludeAcceptedDomains", Switch, help="Add every accepted domain to the names."),
        Param("IncludeAutoDiscover", Switch, help="Add autodiscover.<domain> for every authoritative domain."),
        Param("Instance", CERTIFICATE, pipeline=True, display_type="X509Certificate2",
              help="A certificate to renew: its subject, names, friendly name and key size are the defaults."),
        Param("KeySize", int, help="1024, 2048 (the default) or 4096."),
        Param("Path", str, sets=(_REQUEST,), help="The file to write the request to."),
        Param("PrivateKeyExportable", bool, display_type=_BOOLEAN,
              help="Whether the private key may be exported later (default $false)."),
        Param("Services", AllowedServices, sets=(_SELF_SIGNED,),
              help="The services to enable the self-signed certificate for (default IMAP, POP, SMTP)."),
        Param("SubjectName", DISTINGUISHED_NAME, display_type="X500DistinguishedName",
              help="The subject, such as \"C=dk, O=EHLO organization, CN=mailehlo.dk\"."),
    )
    default_set = _SELF_SIGNED
    supports_should_process = True
    examples = (
        Example("New-ExchangeCertificate -GenerateRequest -SubjectName \"C=dk, O=EHLO organization, CN=mailehlo.dk\" "
                "-DomainName mail.ehlo.dk, autodiscover.ehlo.dk, cas01.ehlo.dk, cas02.ehlo.dk -FriendlyName "
                "\"CAS SAN Certificate\" -KeySize 1024 -Path c:\\CAS_SAN_cert.req -PrivateKeyExportable:$true",
                "Writes a request for a SAN certificate to c:\\CAS_SAN_cert.req and lists the pending request."),
        Example("New-ExchangeCertificate", "Creates a self-signed certificate for the server's names."),
    )

    def process(self) -> None:
        from emshell.lab import certstore

        if not self.GenerateRequest:
            self._refuse_request_options()
        try:
            settings = self._settings()
            if not self.should_process(self.computer, what_if_text=self._description(settings)):
                return
            if self.GenerateRequest:
                self._request(settings)
            else:
                view = certstore.new_self_signed(
                    self.lab, self.computer, confirm=lambda query: self.should_continue(query), force=self.Force,
                    services=int(self._services()), **settings)
                self.write_object(self.certificate(view))
        except LabError as error:
            self.fail(error)

    def _refuse_request_options(self) -> None:
        """-BinaryEncoded and -Path only mean something for a request (§3.5, 2013 texts)."""
        if self.BinaryEncoded:
            self.throw_terminating(
                f"The -BinaryEncoded argument is invalid when running the New-ExchangeCertificate cmdlet on server "
                f"{self.computer} with the -GenerateRequest parameter.", _error_id("BinaryEncoded"),
                "InvalidArgument")
        if self.Path is not None:
            self.throw_terminating(
                f"You have to use the -GenerateRequest parameter when you run the New-ExchangeCertificate cmdlet on "
                f"server {self.computer} with the -Path parameter.", _error_id("PathWithoutRequest"),
                "InvalidArgument")

    def _settings(self) -> dict[str, Any]:
        """Lab arguments: what was given, else what -Instance (a certificate being renewed) has."""
        renewed = self.Instance
        subject = self.SubjectName.Name if self.SubjectName is not None else renewed and renewed.Subject
        return {
            "subject": subject or None,
            "domains": self._domains(renewed),
            "key_size": self.KeySize if self.KeySize is not None else renewed.PublicKeySize if renewed else 2048,
            "exportable": bool(self.PrivateKeyExportable),
            "friendly_name": self.FriendlyName if self.FriendlyName is not None else renewed and renewed.FriendlyName,
        }

    def _domains(self, renewed: ExchangeCertificate | None) -> list[str] | None:
        """-DomainName plus the -Include* names, without repeats; None leaves the server's names."""
        from emshell.lab import exchange

        if self.DomainName is None and not (self.IncludeAcceptedDomains or self.IncludeAutoDiscover):
            return list(renewed.CertificateDomains) if renewed else None
        names = list(self.DomainName or [])
        accepted = exchange.list_accepted_domains(self.lab)
        if self.IncludeAcceptedDomains:
            names += [domain.domain_name for domain in accepted]
        if self.IncludeAutoDiscover:
            if exchange.get_exchange_server(self.lab, self.computer).is_client_access_server:
                names += [f"autodiscover.{d.domain_name}" for d in accepted if d.domain_type == "Authoritative"]
            else:
                self.write_warning("You can only use the IncludeAutodiscover parameter with the Client Access server "
                                   "role. The Autodiscover names weren't included on the certificate.")
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(name.lower(), name)
        return list(unique.values())

    def _services(self) -> Any:
        return self.Services if self.Services is not None else DEFAULT_SERVICES

    def _description(self, settings: dict[str, Any]) -> str:
        """The WhatIf/Confirm text (§3.3, 2013 string; TAB-separated fields)."""
        action = "Generate Certificate Request" if self.GenerateRequest else "Generate Certificate"
        services = AllowedServices(0) if self.GenerateRequest else self._services()
        fields = (("FriendlyName", settings["friendly_name"] or "Microsoft Exchange"),
                  ("SubjectName", settings["subject"] or ""), ("DomainName", ", ".join(settings["domains"] or ())),
                  ("Services", services.ps_to_string()), ("KeySize", settings["key_size"]))
        return f"{action}:\t" + ",\t".join(f'{name}="{value}"' for name, value in fields)

    def _request(self, settings: dict[str, Any]) -> None:
        """The pending request goes to the request store and, with -Path, to the request file."""
        from cryptography.hazmat.primitives import serialization

        from emshell.lab import certstore, pki

        target = self.new_file(self.Path, self.Force) if self.Path is not None else None
        csr, entry = certstore.generate_request(self.lab, self.computer, **settings)
        if target is not None:
            der = csr.public_bytes(serialization.Encoding.DER)
            data = der if self.BinaryEncoded else pki.base64_text(der, "NEW CERTIFICATE REQUEST").encode("ascii")
            self.write_file(target, data)
        self.write_object(self.certificate(certstore.certificate_view(self.lab, self.computer, entry)))


# -- Import-ExchangeCertificate (§4) --------------------------------------------------------------------
class ImportExchangeCertificate(_CertificateTask):
    name = "Import-ExchangeCertificate"
    dotnet_class = _TASKS + "ImportExchangeCertificate"
    synopsis = "Imports a certificate that answers a pending request, or a certificate with its key from a PFX file."
    description = ("A .cer/.crt (DER or Base64) or .p7b chain that answers a pending request of this server is "
                   "joined with the request's key and the request disappears; a .pfx file is opened with -Password. "
                   "The certificate is not enabled for any service: use Enable-ExchangeCertificate.")
    parameters = (
        Param("Path", str, mandatory=True, sets=("Path",), help="The file to import."),
        _domain_controller(),
        Param("FriendlyName", str, help="The friendly name to give the certificate."),
        Param("Instance", list[str], sets=("Instance",), pipeline=True,
              help="The file's content as text lines (Get-Content), instead of -Path."),
        Param("Password", SecureString, help="The PFX file's password: -Password:(Get-Credential).password"),
        Param("PrivateKeyExportable", bool, display_type=_BOOLEAN,
              help="Whether the key imported from a PFX file may be exported again (default $false)."),
    )
    default_set = "Path"
    supports_should_process = True
    file_category = "ReadError"
    examples = (
        Example("Import-ExchangeCertificate -Path c:\\certnew.p7b",
                "Installs the CA's answer to the pending request, with the request's key."),
        Example("Import-ExchangeCertificate -Path c:\\exported_cert.pfx -Password:(Get-Credential).password",
                "Imports a certificate and its private key exported from another server."),
    )

    def begin(self) -> None:
        super().begin()
        self._lines: list[str] = []

    def process(self) -> None:
        if self.parameter_set == "Path":
            self._import(self.read_file(self.require("Path")))
        else:
            self._lines += self.Instance or []

    def end(self) -> None:
        if self.parameter_set == "Path":
            return
        if not self._lines:
            self.throw_terminating(
                f"The operation could not be performed on server {self.computer} because no certificate was "
                f"supplied via the Path parameter or the command pipeline.", _error_id("NoCertificateSupplied"),
                "InvalidArgument")
        self._import("\r\n".join(self._lines).encode("utf-8"))

    def _import(self, data: bytes) -> None:
        from emshell.lab import certstore

        if not self.should_process(self.computer, what_if_text="Importing a certificate from the data provided."):
            return
        try:
            if self.FriendlyName is not None and len(self.FriendlyName) > certstore.MAX_FRIENDLY_NAME:
                raise certstore.FriendlyNameTooLongError()
            view = certstore.import_certificate(self.lab, self.computer, data, _secret(self.Password),
                                                self.FriendlyName, bool(self.PrivateKeyExportable))
        except LabError as error:
            self.fail(error, self.Path)
        self.write_object(self.certificate(view))


# -- Enable-ExchangeCertificate (§5) ----------------------------------------------------------------------
class EnableExchangeCertificate(_CertificateTask):
    name = "Enable-ExchangeCertificate"
    dotnet_class = _TASKS + "EnableExchangeCertificate"
    synopsis = "Enables a certificate for IMAP, POP, UM, IIS or SMTP."
    description = ("Services are only ever added. IIS binds the certificate to the Default Web Site and requires "
                   "SSL unless -DoNotRequireSsl; SMTP asks before it replaces the default SMTP certificate unless "
                   "-Force. Nothing is written to the pipeline.")
    parameters = (
        _thumbprint(True),
        Param("Services", AllowedServices, mandatory=True, help="The services, such as \"IIS, POP, IMAP\"."),
        _domain_controller(),
        Param("DoNotRequireSsl", Switch, help="Bind IIS without turning on Require SSL on the Default Web Site."),
        Param("Force", Switch, help="Replace the default SMTP certificate without asking."),
    )
    supports_should_process = True
    examples = (
        Example("Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services \"IIS, POP, IMAP\"",
                "Uses the certificate for OWA, Exchange ActiveSync, Outlook Anywhere, POP3 and IMAP4."),
        Example("Import-ExchangeCertificate -Path c:\\certnew.cer | Enable-ExchangeCertificate -Services IIS",
                "Imports a certificate and enables it for IIS."),
    )

    def process(self) -> None:
        from emshell.lab import certstore

        self.locate()
        if not self.should_process(self.Thumbprint, what_if_text=f"Enable certificate with thumbprint "
                                                                  f"{self.Thumbprint}?"):
            return
        try:
            certstore.enable_services(self.lab, self.computer, self.Thumbprint, int(self.Services),
                                      confirm=lambda query: self.should_continue(query), force=self.Force,
                                      do_not_require_ssl=self.DoNotRequireSsl)
        except LabError as error:
            self.fail(error, self.Thumbprint)


# -- Export-ExchangeCertificate (§7) ----------------------------------------------------------------------
class ExportExchangeCertificate(_CertificateTask):
    name = "Export-ExchangeCertificate"
    dotnet_class = _TASKS + "ExportExchangeCertificate"
    synopsis = "Exports a certificate with its private key (PKCS#12) or a pending request (PKCS#10)."
    description = ("A certificate is exported with its key and chain, protected by -Password, only when its key is "
                   "exportable; a pending request is exported as its PKCS#10 request. Base64 unless -BinaryEncoded; "
                   "without -Path the data is written to the pipeline.")
    parameters = (
        _thumbprint(True),
        Param("BinaryEncoded", Switch, help="DER instead of Base64."),
        _domain_controller(),
        Param("Force", Switch, help="Overwrite an existing file."),
        Param("Password", SecureString, help="The password that protects the exported private key."),
        Param("Path", str, help="The file to write."),
    )
    supports_should_process = True
    examples = (
        Example("Export-ExchangeCertificate -Thumbprint <thumbprint> -Path c:\\exported_cert.pfx -BinaryEncoded "
                "-Password:(Get-Credential).password", "Writes the certificate and its key to a PFX file."),
    )

    def process(self) -> None:
        from emshell.lab import certstore, pki

        pending = self.locate().status == "PendingRequest"
        target = self.new_file(self.Path, self.Force) if self.Path is not None else None
        if not self.should_process(self.Thumbprint, what_if_text=f"Exporting the certificate with thumbprint "
                                                                  f"{self.Thumbprint}."):
            return
        try:
            der = certstore.export_pfx(self.lab, self.computer, self.Thumbprint, _secret(self.Password))
        except LabError as error:
            self.fail(error, self.Thumbprint)
        text = pki.base64_text(der, "NEW CERTIFICATE REQUEST" if pending else "")
        if target is not None:
            self.write_file(target, der if self.BinaryEncoded else text.encode("ascii"))
        else:
            self.write_object(der if self.BinaryEncoded else text)


# -- Remove-ExchangeCertificate (§8) ----------------------------------------------------------------------
class RemoveExchangeCertificate(_CertificateTask):
    name = "Remove-ExchangeCertificate"
    dotnet_class = _TASKS + "RemoveExchangeCertificate"
    synopsis = "Removes a certificate or a pending request from the local server."
    description = ("Asks first (use -Confirm:$false to skip). The default SMTP certificate cannot be removed: "
                   "create its replacement first.")
    parameters = (
        _thumbprint(True),
        _domain_controller(),
    )
    supports_should_process = True
    confirm_impact = "High"
    examples = (
        Example("Remove-ExchangeCertificate -Thumbprint <thumbprint>", "Removes the certificate after asking."),
    )

    def process(self) -> None:
        from emshell.lab import certstore

        self.locate()
        if not self.should_process(self.Thumbprint, what_if_text=f"Remove certificate with thumbprint "
                                                                  f"{self.Thumbprint} from the computer's "
                                                                  f"certificate store?"):
            return
        try:
            certstore.remove(self.lab, self.computer, self.Thumbprint)
        except LabError as error:
            self.fail(error, self.Thumbprint)


CMDLETS = (GetExchangeCertificate, NewExchangeCertificate, ImportExchangeCertificate, EnableExchangeCertificate,
           ExportExchangeCertificate, RemoveExchangeCertificate)
