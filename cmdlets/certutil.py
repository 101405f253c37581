"""certutil.exe: the verbs an Exchange certificate roll-out uses, laid out as the real tool prints.

    certutil [-config Server\\CA] -getreg PATH | -setreg PATH VALUE    the CA's registry (§1.1-§1.3)
    certutil [-config Server\\CA] -ping | -CAInfo [FIELD] | -ca.cert FILE
    certutil [-config Server\\CA] -view [-restrict "RequestId=N,CommonName=x"] [-out COLUMNS]
    certutil [-dump [FILE]]                              the CA list, a certificate or a PKCS#10 request
    certutil [-enterprise] -addstore STORE FILE | -delstore STORE CERTID  this computer's stores

Layouts: real-outputs.md §6 (getreg/setreg) and adcs-nlb-autodiscover.md §1.6-§1.7 (the other
verbs, errors). Options and verbs start with '-', '/' or an en dash: PowerShell hands `–setreg`
to a native program as typed, and the article types it so. A dashed word the tool does not know
is a value once the verb has been seen, which is how `-setreg policy\\EditFlags -EDITF_...` works.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from emshell.cmdlets.win32 import exit_code, format_hresult, hresult_from_win32, path_failure
from emshell.engine.native import NativeContext
from emshell.lab import ca, certstore, paths, pki
from emshell.lab.lab import Lab

PREFIXES = ("-", "/", "\u2013")
# Options, and whether each takes a value.
OPTIONS = {"config": True, "restrict": True, "out": True, "enterprise": False}

E_INVALIDARG = ca.E_INVALIDARG
ERROR_NO_MORE_ITEMS = hresult_from_win32(259)
CRYPT_E_NO_MATCH = 0x80092009

USAGE_HINT = (
    "",
    "",
    "CertUtil -?              -- Display a verb list (command list)",
    'CertUtil -dump -?        -- Display help text for the "dump" verb',
    "CertUtil -v -?           -- Display all help text for all verbs",
    "",  # the real tool ends the hint with an empty line (a real cmd.exe capture)
)
RESTART_NOTE = "The CertSvc service may need to be restarted for changes to take effect."

# Logical stores -addstore/-delstore open, with the names certutil prints.
STORES = {
    "my": (certstore.MY, "Personal"),
    "root": (certstore.ROOT, "Trusted Root Certification Authorities"),
    "ca": (certstore.CA, "Intermediate Certification Authorities"),
}

# CertSrv.h ENUM_CATYPES, as -CAInfo type spells them.
CA_TYPES = {
    0: ("Enterprise Root CA", "ENUM_ENTERPRISE_ROOTCA"),
    1: ("Enterprise Subordinate CA", "ENUM_ENTERPRISE_SUBCA"),
    3: ("Stand-alone Root CA", "ENUM_STANDALONE_ROOTCA"),
    4: ("Stand-alone Subordinate CA", "ENUM_STANDALONE_SUBCA"),
}


class _Failure(Exception):
    """A verb failed: certutil prints `preamble`, the FAILED line and the message."""

    def __init__(self, code: int, message: str, preamble: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code, self.message, self.preamble = code, message, preamble


class _UnknownArg(Exception):
    pass


@dataclass
class _Invocation:
    ctx: NativeContext
    args: list[str]
    options: dict[str, str | bool]

    @property
    def lab(self) -> Lab:
        return self.ctx.lab

    @property
    def config(self) -> str | None:
        value = self.options.get("config")
        return value if isinstance(value, str) else None

    def out(self, *lines: str) -> None:
        for line in lines:
            self.ctx.write_line(line)


@dataclass(frozen=True)
class _Verb:
    name: str  # as certutil prints it in its closing line
    run: Callable[[_Invocation], tuple[str, ...]]  # lines printed after the closing line
    min_args: int
    max_args: int


# -- entry point ------------------------------------------------------------------------------------
def certutil(ctx: NativeContext, argv: list[str]) -> int:
    try:
        verb, invocation = _parse(ctx, argv)
    except _UnknownArg as unknown:
        ctx.write_line(f"CertUtil: Unknown arg: {unknown}")
        for line in USAGE_HINT:
            ctx.write_line(line)
        return exit_code(E_INVALIDARG)
    try:
        if not verb.min_args <= len(invocation.args) <= verb.max_args:
            raise ca.InvalidArgumentError()
        trailer = verb.run(invocation)
    except (_Failure, ca.CAError, paths.PathError, pki.PkiError) as error:
        failure = _as_failure(error)
        invocation.out(*failure.preamble)
        invocation.out(f"CertUtil: {verb.name} command FAILED: {format_hresult(failure.code)}")
        invocation.out(f"CertUtil: {failure.message}")
        return exit_code(failure.code)
    invocation.out(f"CertUtil: {verb.name} command completed successfully.", *trailer)
    return 0


def _as_failure(error: Exception) -> _Failure:
    if isinstance(error, _Failure):
        return error
    if isinstance(error, ca.CAError):
        return _Failure(error.code, str(error))
    if isinstance(error, paths.PathError):
        return _Failure(*path_failure(error))
    return _Failure(CRYPT_E_NO_MATCH, str(error))  # pki: no certificate in the file


def _switch(arg: str) -> str | None:
    """The lower-case name of an option or verb word, None for a value."""
    return arg[1:].lower() if len(arg) > 1 and arg[0] in PREFIXES else None


def _parse(ctx: NativeContext, argv: list[str]) -> tuple[_Verb, _Invocation]:
    verb: _Verb | None = None
    args: list[str] = []
    options: dict[str, str | bool] = {}
    items = iter(argv)
    for arg in items:
        name = _switch(arg)
        if name in OPTIONS:
            value = next(items, None) if OPTIONS[name] else True
            if value is None:
                raise _UnknownArg(arg)
            options[name] = value
        elif name is not None and verb is None:
            if name not in VERBS:
                raise _UnknownArg(arg)
            verb = VERBS[name]
        else:
            args.append(arg)
    return verb or VERBS["dump"], _Invocation(ctx, args, options)


# -- which CA ---------------------------------------------------------------------------------------
def _target(inv: _Invocation) -> ca.CertificationAuthority:
    """The CA `-config` names, else the one on this computer (§1.7 when there is none)."""
    if inv.config is not None:
        return ca.find_ca(inv.lab, inv.config)
    local = ca.local_ca(inv.lab, inv.ctx.computer)
    if local is None:
        raise _Failure(
            ERROR_NO_MORE_ITEMS,
            "No more data is available.",
            ("CertUtil: No local Certification Authority; use -config option",),
        )
    return local


def _contacted(inv: _Invocation) -> ca.CertificationAuthority:
    """The target CA, for verbs that talk to CertSvc itself."""
    target = _target(inv)
    ca.require_running(inv.lab, target)
    return target


def _registry_target(inv: _Invocation) -> ca.CertificationAuthority:
    """The CA whose registry -getreg/-setreg use: the local registry needs no service, another
    computer's configuration is read and written through CertSvc."""
    target = _target(inv)
    if inv.config is not None and target.computer != inv.ctx.computer.upper():
        ca.require_running(inv.lab, target)
    return target


# -- -getreg / -setreg (real-outputs.md §6) ---------------------------------------------------------
def _getreg(inv: _Invocation) -> tuple[str, ...]:
    target = _registry_target(inv)
    (path,) = inv.args
    inv.out(ca.registry_header(target, path) + ":")
    inv.out("", *_value_lines(ca.get_value(inv.lab, target, path)))
    return ()


def _setreg(inv: _Invocation) -> tuple[str, ...]:
    target = _registry_target(inv)
    path, expression = inv.args
    inv.out(ca.registry_header(target, path) + ":")
    change = ca.set_value(inv.lab, target, path, expression)
    inv.out("")
    if change.old is not None:
        inv.out("Old Value:", *_value_lines(change.old), "")
    inv.out("New Value:", *_value_lines(change.new))
    return (RESTART_NOTE,)


def _value_lines(value: ca.RegistryValue) -> list[str]:
    if value.type == ca.REG_SZ:
        return [f"  {value.name} REG_SZ = {value.data}"]
    lines = [f"  {value.name} REG_DWORD = {_hex_dec(value.data)}"]
    return lines + [f"    {name} -- {_hex_dec(bit)}" for name, bit in value.flags]


def _hex_dec(number: int) -> str:
    """Hex without 0x, then the decimal in parentheses when it reads differently."""
    return f"{number:x}" + (f" ({number})" if number > 9 else "")


# -- -ping, -CAInfo, -ca.cert -----------------------------------------------------------------------
def _ping(inv: _Invocation) -> tuple[str, ...]:
    shown = inv.config
    try:
        target = _target(inv)
        shown = shown or target.config
        ca.require_running(inv.lab, target)
    except ca.CAUnavailableError as error:
        reason = f"{error} {format_hresult(error.code)}"
        inv.out(f"Connecting to {shown} ... Server could not be reached: {reason} -- (0ms)", "")
        raise
    inv.out(f"Connecting to {shown} ...", f'Server "{target.name}" ICertRequest2 interface is alive (0ms)')
    return ()


def _ca_type(inv: _Invocation, target: ca.CertificationAuthority) -> list[str]:
    number = ca.get_value(inv.lab, target, "ca\\CAType").data
    words, symbol = CA_TYPES[number]
    return [f"CA type: {number} -- {words}", f"\t{symbol} -- {number}"]


# -CAInfo fields; without one certutil prints a summary of several.
CAINFO_FIELDS: dict[str, Callable[[_Invocation, ca.CertificationAuthority], list[str]]] = {
    "name": lambda inv, target: [f"CA name: {target.name}"],
    "type": _ca_type,
    "certcount": lambda inv, target: ["CA cert count: 1"],
    "certstate": lambda inv, target: ["CA cert[0]: 3 -- Valid"],
    "dns": lambda inv, target: [f"DNS Name: {target.fqdn}"],
}
CAINFO_SUMMARY = ("name", "type", "certcount", "certstate", "dns")


def _cainfo(inv: _Invocation) -> tuple[str, ...]:
    target = _contacted(inv)
    fields = [inv.args[0].lower()] if inv.args else list(CAINFO_SUMMARY)
    if any(field not in CAINFO_FIELDS for field in fields):
        raise ca.InvalidArgumentError()
    for field in fields:
        inv.out(*CAINFO_FIELDS[field](inv, target))
    return ()


def _ca_cert(inv: _Invocation) -> tuple[str, ...]:
    """Print the CA certificate and write it (DER) to the file."""
    target = _contacted(inv)
    der = target.certificate.public_bytes(serialization.Encoding.DER)
    inv.out("CA cert[0]: 3 -- Valid", "CA cert[0]:", *pki.base64_text(der, "CERTIFICATE").splitlines(), "")
    paths.write_bytes(inv.ctx.resolve_path(inv.args[0]), der)
    return ()


# -- -dump ------------------------------------------------------------------------------------------
# The CA configuration list in the 2003-era layout: label padded to 24, a tab, `value' (§1.6).
def _config_fields(target: ca.CertificationAuthority) -> tuple[tuple[str, str], ...]:
    return (
        ("Name", target.name),
        ("Organizational Unit", ""),
        ("Organization", ""),
        ("Locality", ""),
        ("State", ""),
        ("Country/region", ""),
        ("Config", target.config),
        ("Exchange Certificate", ""),
        ("Signature Certificate", f"{target.fqdn}_{target.name}.crt"),
        ("Description", ""),
        ("Server", target.fqdn),
        ("Authority", target.name),
        ("Sanitized Name", target.name),
        ("Short Name", target.name),
        ("Sanitized Short Name", target.name),
        ("Flags", "1"),
        ("Web Enrollment Servers", ""),
    )


def _dump(inv: _Invocation) -> tuple[str, ...]:
    if not inv.args:
        return _dump_configurations(inv)
    data = paths.read_bytes(inv.ctx.resolve_path(inv.args[0]))
    try:
        certs = pki.load_certificates(data)
    except pki.UnreadableDataError as not_a_certificate:
        try:
            request = pki.load_request(data)
        except pki.UnreadableDataError:
            raise not_a_certificate from None
        inv.out(*request_lines(request))
        return ()
    for index, cert in enumerate(certs):
        if len(certs) > 1:
            inv.out(f"================ Certificate {index} ================")
        inv.out(*certificate_lines(inv.lab, cert))
        if len(certs) > 1:
            inv.out("")
    return ()


def _dump_configurations(inv: _Invocation) -> tuple[str, ...]:
    """The Enterprise CAs this computer finds in Active Directory."""
    cas = ca.visible_cas(inv.lab, inv.ctx.computer)
    if not cas:
        raise _Failure(ERROR_NO_MORE_ITEMS, "No more data is available.")
    for index, target in enumerate(cas):
        inv.out(f"Entry {index}:")
        inv.out(*(f"  {label + ':':<24}\t`{value}'" for label, value in _config_fields(target)))
    return ()


def certificate_lines(lab: Lab, cert: x509.Certificate) -> list[str]:
    """The key lines certutil prints for a certificate (-store, -dump; adcs-nlb-autodiscover.md §1.6)."""
    lines = [
        f"Serial Number: {pki.serial_hex(cert).lower()}",
        f"Issuer: {pki.issuer_string(cert)}",
        f" NotBefore: {short_date(pki.naive_utc(cert.not_valid_before_utc))}",
        f" NotAfter: {short_date(pki.naive_utc(cert.not_valid_after_utc))}",
        f"Subject: {pki.subject_string(cert)}",
    ]
    template = ca.template_name_of(cert)
    if template:
        lines.append(f"Certificate Template Name (Certificate Type): {template}")
    version = ca.ca_version_of(cert)
    if version:
        lines.append(f"CA Version: {version}")
    if pki.is_self_signed(cert):
        lines += ["Signature matches Public Key", "Root Certificate: Subject matches Issuer"]
    else:
        lines.append("Non-root Certificate")
    if template:
        known = ca.get_template(lab, template)
        shown = f"{template}, {known.display_name}" if known and known.display_name != template else template
        lines.append(f"Template: {shown}")
    lines.append(f"Cert Hash(sha1): {pki.thumbprint(cert).lower()}")
    return lines


# -- -dump of a PKCS#10 request ---------------------------------------------------------------------
# certutil's names for the algorithms, attributes and extensions a request can carry.
KEY_ALGORITHMS = {"1.2.840.113549.1.1.1": "RSA (RSA_SIGN)", "1.2.840.10045.2.1": "ECC"}
SIGNATURE_ALGORITHMS = {
    "1.2.840.113549.1.1.4": "md5RSA", "1.2.840.113549.1.1.5": "sha1RSA", "1.2.840.113549.1.1.11": "sha256RSA",
    "1.2.840.113549.1.1.12": "sha384RSA", "1.2.840.113549.1.1.13": "sha512RSA",
    "1.2.840.10045.4.1": "sha1ECDSA", "1.2.840.10045.4.3.2": "sha256ECDSA", "1.2.840.10045.4.3.3": "sha384ECDSA",
    "1.2.840.10045.4.3.4": "sha512ECDSA",
}
OID_EXTENSION_REQUEST = "1.2.840.113549.1.9.14"
ATTRIBUTE_NAMES = {
    OID_EXTENSION_REQUEST: "Certificate Extensions",
    "1.2.840.113549.1.9.7": "Challenge Password",
    "1.3.6.1.4.1.311.13.2.1": "Enrollment Name Value Pair",
    "1.3.6.1.4.1.311.13.2.2": "Enrollment CSP",
    "1.3.6.1.4.1.311.13.2.3": "OS Version",
    "1.3.6.1.4.1.311.21.20": "Client Information",
}
EXTENSION_NAMES = {
    "2.5.29.14": "Subject Key Identifier",
    "2.5.29.15": "Key Usage",
    "2.5.29.17": "Subject Alternative Name",
    "2.5.29.19": "Basic Constraints",
    "2.5.29.37": "Enhanced Key Usage",
    ca.OID_TEMPLATE_NAME.dotted_string: "Certificate Template Name (Certificate Type)",
}
EKU_NAMES = {
    "1.3.6.1.5.5.7.3.1": "Server Authentication",
    "1.3.6.1.5.5.7.3.2": "Client Authentication",
    "1.3.6.1.5.5.7.3.3": "Code Signing",
    "1.3.6.1.5.5.7.3.4": "Secure Email",
    "1.3.6.1.5.5.7.3.8": "Time Stamping",
    "1.3.6.1.4.1.311.10.3.1": "Microsoft Trust List Signing",
    "1.3.6.1.4.1.311.10.3.4": "Encrypting File System",
}
# KeyUsage attributes in bit order, with certutil's words (crlSign reads as two).
KEY_USAGE_BITS = (
    ("digital_signature", "Digital Signature"), ("content_commitment", "Non-Repudiation"),
    ("key_encipherment", "Key Encipherment"), ("data_encipherment", "Data Encipherment"),
    ("key_agreement", "Key Agreement"), ("key_cert_sign", "Certificate Signing"),
    ("crl_sign", "Off-line CRL Signing, CRL Signing"), ("encipher_only", "Encipher Only"),
    ("decipher_only", "Decipher Only"),
)


@dataclass(frozen=True)
class _Der:
    """One DER element of a parsed request: its tag, its content and its whole encoding."""
    tag: int
    content: bytes
    encoded: bytes

    @property
    def children(self) -> list[_Der]:
        items, pos = [], 0
        while pos < len(self.content):
            item, pos = _der_at(self.content, pos)
            items.append(item)
        return items


def _der_at(data: bytes, pos: int) -> tuple[_Der, int]:
    """The element at pos and the position after it (the data was parsed by cryptography first,
    so it is well-formed DER: single-byte tags, definite lengths)."""
    start, tag, first = pos, data[pos], data[pos + 1]
    pos += 2
    length = first
    if first & 0x80:
        count = first & 0x7F
        length, pos = int.from_bytes(data[pos:pos + count], "big"), pos + count
    end = pos + length
    return _Der(tag, data[pos:end], data[start:end]), end


def _oid(element: _Der) -> str:
    """An OBJECT IDENTIFIER's dotted form."""
    arcs, value = [], 0
    for byte in element.content:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    first = min(arcs[0] // 40, 2)
    return ".".join(str(arc) for arc in (first, arcs[0] - 40 * first, *arcs[1:]))


def request_lines(csr: x509.CertificateSigningRequest) -> list[str]:
    """certutil -dump of a PKCS#10 request: the key lines of its layout, read from the request
    (the hex dumps of the key and the signature and the name and key hashes are left out, as
    certificate_lines leaves them out of a certificate)."""
    request, signature_algorithm, _ = _der_at(csr.public_bytes(serialization.Encoding.DER), 0)[0].children
    version, _, key_info, *optional = request.children
    lines = [
        "PKCS10 Certificate Request:",
        f"Version: {int.from_bytes(version.content, 'big') + 1}",
        "Subject:",
        *([f"    {pki.format_windows_dn(x509.Name([rdn]))}" for rdn in reversed(csr.subject.rdns)] or ["    EMPTY"]),
        "",
        "Public Key Algorithm:",
        *_algorithm_lines(key_info.children[0], KEY_ALGORITHMS),
        f"Public Key Length: {getattr(csr.public_key(), 'key_size', 0)} bits",
    ]
    attributes = next((item.children for item in optional if item.tag == 0xA0), [])
    lines += [f"Request Attributes: {len(attributes)}", f"  {len(attributes)} attributes:"]
    if attributes:
        lines.append("")
    for index, attribute in enumerate(attributes):
        kind, values = attribute.children
        oid = _oid(kind)
        name = f" ({ATTRIBUTE_NAMES[oid]})" if oid in ATTRIBUTE_NAMES else ""
        lines.append(f"  Attribute[{index}]: {oid}{name}")
        for number, value in enumerate(values.children):
            lines.append(f"    Value[{index}][{number}], Length = {len(value.encoded):x}")
            if oid == OID_EXTENSION_REQUEST:
                lines += _extension_lines(csr, value)  # each block ends with an empty line
            else:
                lines += ["", *_hex_dump(value.encoded), ""]
    lines += [
        "Signature Algorithm:",
        *_algorithm_lines(signature_algorithm, SIGNATURE_ALGORITHMS),
    ]
    if _signature_matches(csr):
        lines.append("Signature matches Public Key")
    return lines


def _signature_matches(csr: x509.CertificateSigningRequest) -> bool:
    try:
        return csr.is_signature_valid
    except Exception:  # an algorithm cryptography cannot verify
        return False


def _algorithm_lines(identifier: _Der, names: dict[str, str]) -> list[str]:
    """An AlgorithmIdentifier: the OID with certutil's name, then the parameters in hex."""
    oid, *parameters = identifier.children
    dotted = _oid(oid)
    shown = f"{dotted} {names[dotted]}" if dotted in names else dotted
    lines = [f"    Algorithm ObjectId: {shown}"]
    if not parameters:
        return lines + ["    Algorithm Parameters: NULL"]
    return lines + ["    Algorithm Parameters:", f"    {_hex_bytes(parameters[0].encoded)}"]


def _hex_bytes(data: bytes) -> str:
    """Bytes as certutil lists them on one line: `05 00`, a second space after every eighth."""
    return "  ".join(" ".join(f"{b:02x}" for b in data[i:i + 8]) for i in range(0, len(data), 8))


def _hex_dump(data: bytes) -> list[str]:
    """certutil's dump of bytes it cannot decode: offset, sixteen bytes, their printable characters."""
    return [
        f"    {offset:04x}  {_hex_bytes(data[offset:offset + 16]):<48}   "
        + "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in data[offset:offset + 16])
        for offset in range(0, len(data), 16)
    ]


def _extension_lines(csr: x509.CertificateSigningRequest, value: _Der) -> list[str]:
    """The extensions of an extensionRequest attribute, one block each (raw lengths and flags from
    the DER, the decoded values from cryptography, which keeps their order)."""
    encoded = value.children
    lines = [f"Certificate Extensions: {len(encoded)}"]
    for raw, extension in zip(encoded, csr.extensions):
        content = raw.children[-1].content  # extnValue's OCTET STRING
        oid = extension.oid.dotted_string
        flags = "1(Critical)" if extension.critical else "0"
        lines.append(f"    {oid}: Flags = {flags}, Length = {len(content):x}")
        name = EXTENSION_NAMES.get(oid)
        decoded = _extension_value(csr, extension.value) if name else None
        if decoded is None:
            lines += ["", *_hex_dump(content)]
        else:
            lines += [f"    {name}", *(f"        {line}" for line in decoded)]
        lines.append("")
    return lines


def _extension_value(csr: x509.CertificateSigningRequest, value: x509.ExtensionType) -> list[str] | None:
    if isinstance(value, x509.SubjectAlternativeName):
        return [line for name in value for line in _general_name(name)]
    if isinstance(value, x509.KeyUsage):
        return [_key_usage(value)]
    if isinstance(value, x509.ExtendedKeyUsage):
        return [f"{EKU_NAMES[oid.dotted_string]} ({oid.dotted_string})" if oid.dotted_string in EKU_NAMES
                else oid.dotted_string for oid in value]
    if isinstance(value, x509.SubjectKeyIdentifier):
        return [value.digest.hex()]
    if isinstance(value, x509.BasicConstraints):
        length = "None" if value.path_length is None else str(value.path_length)
        return [f"Subject Type={'CA' if value.ca else 'End Entity'}", f"Path Length Constraint={length}"]
    if isinstance(value, x509.UnrecognizedExtension) and value.oid == ca.OID_TEMPLATE_NAME:
        template = ca.template_name_of(csr)
        return [template] if template is not None else None
    return None


def _general_name(name: x509.GeneralName) -> list[str]:
    if isinstance(name, x509.DNSName):
        return [f"DNS Name={name.value}"]
    if isinstance(name, x509.RFC822Name):
        return [f"RFC822 Name={name.value}"]
    if isinstance(name, x509.UniformResourceIdentifier):
        return [f"URL={name.value}"]
    if isinstance(name, x509.IPAddress):
        return [f"IP Address={name.value}"]
    if isinstance(name, x509.DirectoryName):
        return ["Directory Address:", f"     {pki.format_windows_dn(name.value)}"]
    if isinstance(name, x509.OtherName) and name.type_id == ca.OID_UPN and name.value[:1] == b"\x0c":
        return ["Other Name:", f"     Principal Name={_der_at(name.value, 0)[0].content.decode('utf-8', 'replace')}"]
    if isinstance(name, x509.OtherName):
        return ["Other Name:", f"     {name.type_id.dotted_string}={_hex_bytes(name.value)}"]
    return [f"{type(name).__name__}={name.value}"]


def _key_usage(usage: x509.KeyUsage) -> str:
    """`Digital Signature, Key Encipherment (a0)`: the names of the bits set, then the bytes."""
    names, bits = [], 0
    for position, (attribute, words) in enumerate(KEY_USAGE_BITS):
        try:
            set_ = getattr(usage, attribute)
        except ValueError:  # encipher_only/decipher_only exist only with key_agreement
            set_ = False
        if set_:
            names.append(words)
            bits |= 0x8000 >> position
    shown = f"{bits >> 8:02x}" + (f" {bits & 0xFF:02x}" if bits & 0xFF else "")
    return f"{', '.join(names)} ({shown})"


def short_date(moment: datetime) -> str:
    """en-US short date and time, `M/d/yyyy h:mm tt`."""
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02} {'AM' if moment.hour < 12 else 'PM'}"


# -- -addstore / -delstore --------------------------------------------------------------------------
def _store(name: str) -> tuple[str, str]:
    try:
        return STORES[name.lower()]
    except KeyError:
        raise _Failure(
            hresult_from_win32(2),
            "The system cannot find the file specified.",
            ("Cannot open existing Cert store. Use -f option to force Cert store creation.",),
        ) from None


def _simple_name(cert: x509.Certificate) -> str:
    """The certificate's display name: its common name, else the whole subject."""
    names = pki.common_names(cert.subject)
    return names[-1] if names else pki.subject_string(cert)


def _addstore(inv: _Invocation) -> tuple[str, ...]:
    store, display = _store(inv.args[0])
    certs = pki.load_certificates(paths.read_bytes(inv.ctx.resolve_path(inv.args[1])))
    physical = "Enterprise" if inv.options.get("enterprise") else "Registry"
    inv.out(f'{inv.args[0]} "{display}"')
    for cert in certs:
        if pki.is_self_signed(cert):
            inv.out("Signature matches Public Key")
        if certstore.find(inv.lab, inv.ctx.computer, store, pki.thumbprint(cert)):
            inv.out(f'Certificate "{_simple_name(cert)}" already in store.')
            continue
        certstore.add_certificate(inv.lab, inv.ctx.computer, store, cert, physical=physical)
        inv.out(f'Certificate "{_simple_name(cert)}" added to store.')
    return ()


def _delstore(inv: _Invocation) -> tuple[str, ...]:
    """Delete the certificates a CertId names: serial number, SHA-1 hash or common name."""
    store, display = _store(inv.args[0])
    wanted = inv.args[1]
    inv.out(f'{inv.args[0]} "{display}"')
    entries = certstore.list_store(inv.lab, inv.ctx.computer, store)
    matches = [(index, entry) for index, entry in enumerate(entries) if _is_cert_id(entry.cert, wanted)]
    if not matches:
        raise _Failure(ca.CRYPT_E_NOT_FOUND, "Cannot find object or property.")
    for index, entry in matches:
        inv.out(f"================ Certificate {index} ================", *certificate_lines(inv.lab, entry.cert))
        certstore.remove_certificate(inv.lab, inv.ctx.computer, store, entry.thumbprint)
        inv.out(f"Deleting Certificate {index}")
    return ()


def _is_cert_id(cert: x509.Certificate, text: str) -> bool:
    compact = "".join(text.split()).lower()
    names = [name.lower() for name in pki.common_names(cert.subject)]
    return compact in (pki.serial_hex(cert).lower(), pki.thumbprint(cert).lower()) or text.lower() in names


# -- -view ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Column:
    name: str
    localized: str
    type: str  # Long, String, Date or Binary
    max_length: int
    indexed: bool
    value: Callable[[ca.Request], object]


VIEW_COLUMNS = (
    _Column("RequestID", "Issued Request ID", "Long", 4, True, lambda r: r.request_id),
    _Column("Request.RequesterName", "Requester Name", "String", 2048, True, lambda r: r.requester),
    _Column("Request.Disposition", "Request Disposition", "Long", 4, True, lambda r: r.disposition),
    _Column("Request.DispositionMessage", "Request Disposition Message", "String", 8192, False,
            lambda r: r.disposition_message),
    _Column("Request.StatusCode", "Request Status Code", "Long", 4, False, lambda r: r.status_code),
    _Column("Request.SubmittedWhen", "Request Submission Date", "Date", 8, True, lambda r: r.submitted),
    _Column("Request.ResolvedWhen", "Request Resolution Date", "Date", 8, True, lambda r: r.resolved),
    _Column("SerialNumber", "Serial Number", "String", 128, True, lambda r: r.serial),
    _Column("CertificateTemplate", "Certificate Template", "String", 254, True, lambda r: r.template),
    _Column("NotBefore", "Certificate Effective Date", "Date", 8, False, lambda r: r.not_before),
    _Column("NotAfter", "Certificate Expiration Date", "Date", 8, True, lambda r: r.not_after),
    _Column("CommonName", "Issued Common Name", "String", 8192, True, lambda r: r.common_name),
    _Column("RawCertificate", "Binary Certificate", "Binary", 16384, False, lambda r: r.certificate),
)
# Without -out the lab prints these (the real tool prints every column of the schema).
DEFAULT_VIEW = (
    "RequestID", "Request.RequesterName", "Request.Disposition", "Request.DispositionMessage",
    "Request.SubmittedWhen", "Request.ResolvedWhen", "SerialNumber", "CertificateTemplate",
    "NotBefore", "NotAfter", "CommonName",
)
_OPERATORS: dict[str, Callable[[int, int], bool]] = {
    ">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
    "=": lambda a, b: a == b, ">": lambda a, b: a > b, "<": lambda a, b: a < b,
}
_EQUALITY = ("=", "==")
# A test of one row: the column, and whether the row's value passes.
_Test = tuple[_Column, Callable[[object], bool]]


def _column(name: str) -> _Column:
    """A column by its name, with or without the `Request.` prefix, in any case."""
    wanted = name.strip().lower()
    for column in VIEW_COLUMNS:
        if wanted in (column.name.lower(), column.name.lower().removeprefix("request.")):
            return column
    raise ca.InvalidArgumentError()


def _restriction(text: str) -> list[_Test]:
    """`RequestId=5`, `Disposition=20,RequestId>=3`, `CommonName=mailehlo.dk`: comparisons of
    numeric columns, and equality of string columns (without regard to case), all must hold."""
    return [_term(term) for term in text.split(",")]


def _term(term: str) -> _Test:
    """One comparison; the operator is the first run of `<`, `>`, `=` in the term."""
    at = next((index for index, char in enumerate(term) if char in "<>="), None)
    operator = next((op for op in _OPERATORS if at is not None and term.startswith(op, at)), None)
    if operator is None:
        raise ca.InvalidArgumentError()
    column = _column(term[:at])
    wanted = term[at + len(operator):].strip()
    if column.type == "Long":
        number = _integer(wanted)
        if number is None:
            raise ca.InvalidArgumentError()
        compare = _OPERATORS[operator]
        return column, lambda value: value is not None and compare(value, number)
    if column.type == "String" and operator in _EQUALITY and wanted:
        folded = wanted.casefold()
        return column, lambda value: value is not None and str(value).casefold() == folded
    raise ca.InvalidArgumentError()


def _integer(text: str) -> int | None:
    try:
        return int(text, 16) if text[:2].lower() == "0x" else int(text)
    except ValueError:
        return None


def _view(inv: _Invocation) -> tuple[str, ...]:
    out = inv.options.get("out")
    columns = [_column(name) for name in (out.split(",") if isinstance(out, str) else DEFAULT_VIEW)]
    restrict = inv.options.get("restrict")
    tests = _restriction(restrict) if isinstance(restrict, str) else []
    rows = [
        row for row in ca.list_requests(inv.lab, _contacted(inv))
        if all(passes(column.value(row)) for column, passes in tests)
    ]
    inv.out(
        "Schema:",
        "  Column Name                   Localized Name                Type    MaxLength",
        "  ----------------------------  ----------------------------  ------  ---------",
    )
    for column in columns:
        indexed = " -- Indexed" if column.indexed else ""
        inv.out(f"  {column.name:<28}  {column.localized:<28}  {column.type:<6}  {column.max_length}{indexed}")
    inv.out("")
    for number, row in enumerate(rows, 1):
        inv.out(f"Row {number}:")
        for column in columns:
            inv.out(*_cell(column, row))
        inv.out("")
    inv.out(f"Maximum Row Index: {len(rows)}", "", f"{len(rows)} Rows")
    return ()


def _cell(column: _Column, row: ca.Request) -> list[str]:
    label = f"  {column.localized}:"
    value = column.value(row)
    if value is None:
        return [f"{label} EMPTY"]
    if column.type == "Binary":
        der = value.public_bytes(serialization.Encoding.DER)
        return [label, *pki.base64_text(der, "CERTIFICATE").splitlines()]
    if column.type == "Date":
        return [f"{label} {short_date(value)}"]
    if column.type == "String":
        return [f'{label} "{value}"']
    return [f"{label} {_long(column, row, value)}"]


def _long(column: _Column, row: ca.Request, number: int) -> str:
    if column.name == "Request.Disposition":
        return f"0x{_hex_dec(number)} -- {ca.DISPOSITIONS[number]}"
    if column.name == "Request.StatusCode":
        # `0x0 (WIN32: 0) -- The operation completed successfully.` (real -view captures)
        shown = "0x0 (WIN32: 0)" if number == ca.S_OK else format_hresult(number)
        return f"{shown} -- {row.status_text}"
    return f"0x{_hex_dec(number)}"


VERBS = {
    verb.name.lower()[1:]: verb
    for verb in (
        _Verb("-dump", _dump, 0, 1),
        _Verb("-getreg", _getreg, 1, 1),
        _Verb("-setreg", _setreg, 2, 2),
        _Verb("-ping", _ping, 0, 0),
        _Verb("-CAInfo", _cainfo, 0, 1),
        _Verb("-ca.cert", _ca_cert, 1, 1),
        _Verb("-view", _view, 0, 0),
        _Verb("-addstore", _addstore, 2, 2),
        _Verb("-delstore", _delstore, 2, 2),
    )
}

NATIVE_COMMANDS = {"certutil": certutil, "certutil.exe": certutil}
