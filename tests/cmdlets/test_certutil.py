"""certutil against the lab's CA: the real captures (real-outputs.md §6) re-created for ehlo-DC01-CA."""
from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization

from emshell.cmdlets.certutil import certutil
from emshell.cmdlets.net import net
from emshell.lab import ca, certstore, keys, pki
from native_lab import ADMIN, article_request, built_lab, host_file, lab, run, write_file  # noqa: F401  (fixtures)

KEY = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration\\ehlo-DC01-CA"
POLICY = KEY + "\\PolicyModules\\CertificateAuthority_MicrosoftDefault.Policy"
DEFAULT_FLAGS = """\
  EditFlags REG_DWORD = 11014e (1114446)
    EDITF_REQUESTEXTENSIONLIST -- 2
    EDITF_DISABLEEXTENSIONLIST -- 4
    EDITF_ADDOLDKEYUSAGE -- 8
    EDITF_BASICCONSTRAINTSCRITICAL -- 40 (64)
    EDITF_ENABLEAKIKEYID -- 100 (256)
    EDITF_ENABLEDEFAULTSMIME -- 10000 (65536)
    EDITF_ENABLECHASECLIENTDC -- 100000 (1048576)
"""
SAN_FLAGS = """\
  EditFlags REG_DWORD = 15014e (1376590)
    EDITF_REQUESTEXTENSIONLIST -- 2
    EDITF_DISABLEEXTENSIONLIST -- 4
    EDITF_ADDOLDKEYUSAGE -- 8
    EDITF_BASICCONSTRAINTSCRITICAL -- 40 (64)
    EDITF_ENABLEAKIKEYID -- 100 (256)
    EDITF_ENABLEDEFAULTSMIME -- 10000 (65536)
    EDITF_ATTRIBUTESUBJECTALTNAME2 -- 40000 (262144)
    EDITF_ENABLECHASECLIENTDC -- 100000 (1048576)
"""
SETREG_DONE = (
    "CertUtil: -setreg command completed successfully.\n"
    "The CertSvc service may need to be restarted for changes to take effect.\n"
)
NO_LOCAL_CA = (
    "CertUtil: No local Certification Authority; use -config option\n"
    "CertUtil: -{verb} command FAILED: 0x80070103 (WIN32: 259)\n"
    "CertUtil: No more data is available.\n"
)
RPC_FAILED = "CertUtil: -{verb} command FAILED: 0x800706ba (WIN32: 1722)\nCertUtil: The RPC server is unavailable.\n"


# -- -getreg / -setreg --------------------------------------------------------------------------
def test_getreg_edit_flags_of_a_fresh_ca(lab) -> None:
    assert run(lab, "DC01", certutil, "-getreg", "policy\\EditFlags") == (
        0, f"{POLICY}\\EditFlags:\n\n{DEFAULT_FLAGS}CertUtil: -getreg command completed successfully.\n"
    )


def test_the_article_setreg_typed_with_an_en_dash(lab) -> None:
    code, text = run(lab, "DC01", certutil, "\u2013setreg", "policy\\EditFlags", "+EDITF_ATTRIBUTESUBJECTALTNAME2")
    assert code == 0
    assert text == f"{POLICY}\\EditFlags:\n\nOld Value:\n{DEFAULT_FLAGS}\nNew Value:\n{SAN_FLAGS}{SETREG_DONE}"
    # ...and read back from a CAS through -config, in another spelling of the config string
    assert run(lab, "CAS01", certutil, "-config", "DC01.ehlo.dk\\ehlo-DC01-CA", "-getreg", "policy\\EditFlags") == (
        0, f"{POLICY}\\EditFlags:\n\n{SAN_FLAGS}CertUtil: -getreg command completed successfully.\n"
    )


def test_clearing_the_flag_swaps_old_and_new(lab) -> None:
    run(lab, "DC01", certutil, "/setreg", "policy\\EditFlags", "+EDITF_ATTRIBUTESUBJECTALTNAME2")
    code, text = run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags", "-EDITF_ATTRIBUTESUBJECTALTNAME2")
    assert code == 0
    assert text == f"{POLICY}\\EditFlags:\n\nOld Value:\n{SAN_FLAGS}\nNew Value:\n{DEFAULT_FLAGS}{SETREG_DONE}"


def test_long_form_of_the_policy_path(lab) -> None:
    path = "CA\\PolicyModules\\CertificateAuthority_MicrosoftDefault.Policy\\EditFlags"
    assert run(lab, "DC01", certutil, "-getreg", path)[1].startswith(f"{POLICY}\\EditFlags:\n\n{DEFAULT_FLAGS}")


def test_crl_flags(lab) -> None:
    assert run(lab, "DC01", certutil, "-setreg", "ca\\CRLFlags", "+CRLF_REVCHECK_IGNORE_OFFLINE") == (0, f"""\
{KEY}\\CRLFlags:

Old Value:
  CRLFlags REG_DWORD = 2
    CRLF_DELETE_EXPIRED_CRLS -- 2

New Value:
  CRLFlags REG_DWORD = a (10)
    CRLF_DELETE_EXPIRED_CRLS -- 2
    CRLF_REVCHECK_IGNORE_OFFLINE -- 8
{SETREG_DONE}""")


def test_a_value_that_did_not_exist_prints_only_the_new_value(lab) -> None:
    assert run(lab, "DC01", certutil, "-setreg", "CA\\AuditFilter", "0xCC") == (0, f"""\
{KEY}\\AuditFilter:

New Value:
  AuditFilter REG_DWORD = cc (204)
{SETREG_DONE}""")


def test_a_csp_value_is_headed_by_its_key(lab) -> None:
    assert run(lab, "DC01", certutil, "-setreg", "ca\\csp\\AlternateSignatureAlgorithm", "1") == (0, f"""\
{KEY}\\csp:

Old Value:
  AlternateSignatureAlgorithm REG_DWORD = 0

New Value:
  AlternateSignatureAlgorithm REG_DWORD = 1
{SETREG_DONE}""")
    assert run(lab, "DC01", certutil, "-getreg", "ca\\ValidityPeriod") == (0, f"""\
{KEY}\\ValidityPeriod:

  ValidityPeriod REG_SZ = Years
CertUtil: -getreg command completed successfully.
""")


def test_registry_errors(lab) -> None:
    assert run(lab, "DC01", certutil, "-getreg", "CA\\AuditFilter") == (-2147024894, f"""\
{KEY}\\AuditFilter:
CertUtil: -getreg command FAILED: 0x80070002 (WIN32: 2)
CertUtil: The system cannot find the file specified.
""")
    assert run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags", "+EDITF_NONSENSE") == (-2147024809, f"""\
{POLICY}\\EditFlags:
CertUtil: -setreg command FAILED: 0x80070057 (WIN32: 87)
CertUtil: The parameter is incorrect.
""")
    assert run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags") == (-2147024809, """\
CertUtil: -setreg command FAILED: 0x80070057 (WIN32: 87)
CertUtil: The parameter is incorrect.
""")


def test_a_dword_takes_only_flag_names_or_a_32_bit_number(lab) -> None:
    failed = f"""\
{POLICY}\\EditFlags:
CertUtil: -setreg command FAILED: 0x80070057 (WIN32: 87)
CertUtil: The parameter is incorrect.
"""
    for value in ("+", "-", "\u2013", "0xFFFFFFFFFF", "4294967296", "Years", "+EDITF_ATTRIBUTESUBJECTALTNAME2,",
                  "+EDITF_ATTRIBUTESUBJECTALTNAME2,EDITF_BOGUS", "0x", "+ "):
        assert run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags", value) == (-2147024809, failed), value
    assert run(lab, "DC01", certutil, "-setreg", "ca\\CRLFlags", "+") == (-2147024809, f"""\
{KEY}\\CRLFlags:
CertUtil: -setreg command FAILED: 0x80070057 (WIN32: 87)
CertUtil: The parameter is incorrect.
""")
    # nothing changed: still the DWORD of a fresh CA
    assert run(lab, "DC01", certutil, "-getreg", "policy\\EditFlags") == (
        0, f"{POLICY}\\EditFlags:\n\n{DEFAULT_FLAGS}CertUtil: -getreg command completed successfully.\n"
    )
    assert ca.get_value(lab, ca.get_ca(lab, "ehlo-DC01-CA"), "ca\\CRLFlags") == ca.RegistryValue(
        "CRLFlags", "REG_DWORD", 2
    )


def test_comma_lists_of_flags_and_the_largest_dword(lab) -> None:
    both = SAN_FLAGS.replace("15014e (1376590)", "15014f (1376591)").replace(
        "    EDITF_REQUESTEXTENSIONLIST", "    EDITF_ENABLEREQUESTEXTENSIONS -- 1\n    EDITF_REQUESTEXTENSIONLIST"
    )
    code, text = run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags",
                     "+EDITF_ATTRIBUTESUBJECTALTNAME2,edITF_enableRequestExtensions")
    assert (code, text) == (0, f"{POLICY}\\EditFlags:\n\nOld Value:\n{DEFAULT_FLAGS}\nNew Value:\n{both}{SETREG_DONE}")
    code, text = run(lab, "DC01", certutil, "-setreg", "policy\\EditFlags", "-0x40000, EDITF_ENABLEREQUESTEXTENSIONS")
    assert (code, text) == (0, f"{POLICY}\\EditFlags:\n\nOld Value:\n{both}\nNew Value:\n{DEFAULT_FLAGS}{SETREG_DONE}")
    every_flag = "".join(
        f"    {name} -- {bit:x}" + (f" ({bit})" if bit > 9 else "") + "\n" for name, bit in ca.CRLF_FLAGS
    )
    assert run(lab, "DC01", certutil, "-setreg", "ca\\CRLFlags", "0xFFFFFFFF") == (0, f"""\
{KEY}\\CRLFlags:

Old Value:
  CRLFlags REG_DWORD = 2
    CRLF_DELETE_EXPIRED_CRLS -- 2

New Value:
  CRLFlags REG_DWORD = ffffffff (4294967295)
{every_flag}{SETREG_DONE}""")
    # a string value still takes a string
    assert run(lab, "DC01", certutil, "-setreg", "ca\\ValidityPeriod", "Months") == (0, f"""\
{KEY}\\ValidityPeriod:

Old Value:
  ValidityPeriod REG_SZ = Years

New Value:
  ValidityPeriod REG_SZ = Months
{SETREG_DONE}""")


def test_no_local_ca(lab) -> None:
    for verb in ("getreg", "setreg"):
        args = ["policy\\EditFlags"] + (["+EDITF_ATTRIBUTESUBJECTALTNAME2"] if verb == "setreg" else [])
        assert run(lab, "CAS01", certutil, f"-{verb}", *args) == (-2147024637, NO_LOCAL_CA.format(verb=verb))
    assert run(lab, "CAS01", certutil, "-ping") == (-2147024637, NO_LOCAL_CA.format(verb="ping"))
    assert run(lab, "CAS01", certutil, "-CAInfo", "name") == (-2147024637, NO_LOCAL_CA.format(verb="CAInfo"))


# -- reaching the CA ----------------------------------------------------------------------------
def test_ping(lab) -> None:
    alive = (
        '\nServer "ehlo-DC01-CA" ICertRequest2 interface is alive (0ms)\n'
        "CertUtil: -ping command completed successfully.\n"
    )
    assert run(lab, "DC01", certutil, "-ping") == (0, "Connecting to dc01.ehlo.dk\\ehlo-DC01-CA ..." + alive)
    assert run(lab, "CAS01", certutil, "-config", "DC01\\EHLO-DC01-CA", "-ping") == (
        0, "Connecting to DC01\\EHLO-DC01-CA ..." + alive
    )


def test_a_stopped_ca_is_unreachable_but_its_registry_is_not(lab) -> None:
    run(lab, "DC01", net, "stop", "certsvc")
    assert run(lab, "CAS01", certutil, "-config", "DC01.ehlo.dk\\ehlo-DC01-CA", "-ping") == (-2147023174, (
        "Connecting to DC01.ehlo.dk\\ehlo-DC01-CA ... Server could not be reached: The RPC server is unavailable. "
        "0x800706ba (WIN32: 1722) -- (0ms)\n\n" + RPC_FAILED.format(verb="ping")
    ))
    for verb in ("-CAInfo", "-view"):
        assert run(lab, "DC01", certutil, verb) == (-2147023174, RPC_FAILED.format(verb=verb[1:]))
    remote = run(lab, "CAS01", certutil, "-config", "DC01\\ehlo-DC01-CA", "-getreg", "policy\\EditFlags")
    assert remote == (-2147023174, RPC_FAILED.format(verb="getreg"))
    assert run(lab, "DC01", certutil, "-getreg", "policy\\EditFlags")[0] == 0  # the local registry needs no service


def test_an_unknown_config_cannot_be_reached(lab) -> None:
    code, text = run(lab, "CAS01", certutil, "-config", "DC02\\ehlo-DC01-CA", "-ping")
    assert code == -2147023174
    assert text.startswith("Connecting to DC02\\ehlo-DC01-CA ... Server could not be reached: The RPC server")


def test_cainfo(lab) -> None:
    done = "CertUtil: -CAInfo command completed successfully.\n"
    assert run(lab, "DC01", certutil, "-CAInfo", "name") == (0, "CA name: ehlo-DC01-CA\n" + done)
    assert run(lab, "CAS01", certutil, "-config", "DC01\\ehlo-DC01-CA", "-cainfo", "DNS") == (
        0, "DNS Name: dc01.ehlo.dk\n" + done
    )
    assert run(lab, "DC01", certutil, "-CAInfo", "type") == (
        0, "CA type: 0 -- Enterprise Root CA\n\tENUM_ENTERPRISE_ROOTCA -- 0\n" + done
    )
    assert run(lab, "DC01", certutil, "-CAInfo") == (0, """\
CA name: ehlo-DC01-CA
CA type: 0 -- Enterprise Root CA
\tENUM_ENTERPRISE_ROOTCA -- 0
CA cert count: 1
CA cert[0]: 3 -- Valid
DNS Name: dc01.ehlo.dk
""" + done)
    assert run(lab, "DC01", certutil, "-CAInfo", "colour") == (-2147024809, """\
CertUtil: -CAInfo command FAILED: 0x80070057 (WIN32: 87)
CertUtil: The parameter is incorrect.
""")


# -- -dump and usage ----------------------------------------------------------------------------
def test_dump_lists_the_enterprise_cas(lab) -> None:
    expected = """\
Entry 0:
  Name:                   \t`ehlo-DC01-CA'
  Organizational Unit:    \t`'
  Organization:           \t`'
  Locality:               \t`'
  State:                  \t`'
  Country/region:         \t`'
  Config:                 \t`dc01.ehlo.dk\\ehlo-DC01-CA'
  Exchange Certificate:   \t`'
  Signature Certificate:  \t`dc01.ehlo.dk_ehlo-DC01-CA.crt'
  Description:            \t`'
  Server:                 \t`dc01.ehlo.dk'
  Authority:              \t`ehlo-DC01-CA'
  Sanitized Name:         \t`ehlo-DC01-CA'
  Short Name:             \t`ehlo-DC01-CA'
  Sanitized Short Name:   \t`ehlo-DC01-CA'
  Flags:                  \t`1'
  Web Enrollment Servers: \t`'
CertUtil: -dump command completed successfully.
"""
    assert run(lab, "CAS01", certutil) == (0, expected)
    assert run(lab, "CAS01", certutil, "-dump") == (0, expected)
    assert run(lab, "HOMEPC", certutil) == (-2147024637, """\
CertUtil: -dump command FAILED: 0x80070103 (WIN32: 259)
CertUtil: No more data is available.
""")


def test_unknown_args(lab) -> None:
    usage = """\
CertUtil: Unknown arg: -urlcach


CertUtil -?              -- Display a verb list (command list)
CertUtil -dump -?        -- Display help text for the "dump" verb
CertUtil -v -?           -- Display all help text for all verbs

"""
    assert run(lab, "CAS01", certutil, "-urlcach", "-f", "http://x") == (-2147024809, usage)
    assert run(lab, "CAS01", certutil, "-ping", "-config")[1].startswith("CertUtil: Unknown arg: -config\n")


def certificate_block(cert: x509.Certificate, lines: str) -> str:
    return (
        f"Serial Number: {pki.serial_hex(cert).lower()}\n"
        f"Issuer: CN=ehlo-DC01-CA, DC=ehlo, DC=dk\n"
        f" NotBefore: 3/18/2008 10:05 AM\n"
        f"{lines}"
        f"Cert Hash(sha1): {pki.thumbprint(cert).lower()}\n"
    )


def root_block(cert: x509.Certificate) -> str:
    return certificate_block(cert, """\
 NotAfter: 3/18/2013 10:15 AM
Subject: CN=ehlo-DC01-CA, DC=ehlo, DC=dk
Certificate Template Name (Certificate Type): CA
CA Version: V0.0
Signature matches Public Key
Root Certificate: Subject matches Issuer
Template: CA, Root Certification Authority
""")


def test_ca_cert_then_dump_the_file(lab) -> None:
    root = ca.get_ca(lab, "ehlo-DC01-CA").certificate
    code, text = run(lab, "CAS01", certutil, "-config", "DC01\\ehlo-DC01-CA", "-ca.cert", "c:\\ca.cer")
    pem = pki.base64_text(root.public_bytes(serialization.Encoding.DER), "CERTIFICATE").replace("\r\n", "\n")
    assert code == 0
    assert text == f"CA cert[0]: 3 -- Valid\nCA cert[0]:\n{pem}\nCertUtil: -ca.cert command completed successfully.\n"
    assert x509.load_der_x509_certificate(host_file(lab, "CAS01", "c:\\ca.cer").read_bytes()) == root
    assert run(lab, "CAS01", certutil, "-dump", "C:\\CA.CER") == (
        0, root_block(root) + "CertUtil: -dump command completed successfully.\n"
    )
    assert run(lab, "CAS01", certutil, "-dump", "c:\\missing.cer") == (-2147024894, """\
CertUtil: -dump command FAILED: 0x80070002 (WIN32: 2)
CertUtil: The system cannot find the file specified.
""")


ARTICLE_REQUEST_DUMP = """\
PKCS10 Certificate Request:
Version: 1
Subject:
    C=dk
    O=EHLO organization
    CN=mailehlo.dk

Public Key Algorithm:
    Algorithm ObjectId: 1.2.840.113549.1.1.1 RSA (RSA_SIGN)
    Algorithm Parameters:
    05 00
Public Key Length: 1024 bits
Request Attributes: 1
  1 attributes:

  Attribute[0]: 1.2.840.113549.1.9.14 (Certificate Extensions)
    Value[0][0], Length = 5f
Certificate Extensions: 2
    2.5.29.17: Flags = 0, Length = 44
    Subject Alternative Name
        DNS Name=mail.ehlo.dk
        DNS Name=autodiscover.ehlo.dk
        DNS Name=cas01.ehlo.dk
        DNS Name=cas02.ehlo.dk

    2.5.29.15: Flags = 1(Critical), Length = 4
    Key Usage
        Digital Signature, Key Encipherment (a0)

Signature Algorithm:
    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA
    Algorithm Parameters:
    05 00
Signature matches Public Key
CertUtil: -dump command completed successfully.
"""


def test_dump_the_article_request_base64_and_der(lab) -> None:
    der = pki.load_request(article_request(lab)).public_bytes(serialization.Encoding.DER)
    # as New-ExchangeCertificate -GenerateRequest writes it, and as -BinaryEncoded would
    write_file(lab, "CAS01", "c:\\CAS_SAN_cert.req", pki.base64_text(der, "NEW CERTIFICATE REQUEST").encode("ascii"))
    write_file(lab, "DC01", "c:\\CAS_SAN_cert.der", der)
    assert run(lab, "DC01", certutil, "-dump", "\\\\cas01\\c$\\CAS_SAN_cert.req") == (0, ARTICLE_REQUEST_DUMP)
    assert run(lab, "CAS01", certutil, "-dump", "c:\\CAS_SAN_cert.req") == (0, ARTICLE_REQUEST_DUMP)
    assert run(lab, "DC01", certutil, "-dump", "c:\\CAS_SAN_cert.der") == (0, ARTICLE_REQUEST_DUMP)
    # neither a certificate nor a request: the error of before
    write_file(lab, "DC01", "c:\\notes.txt", b"not a certificate")
    assert run(lab, "DC01", certutil, "-dump", "c:\\notes.txt") == (-2146885623, """\
CertUtil: -dump command FAILED: 0x80092009 (-2146885623)
CertUtil: Cannot find the requested object.
""")


def test_dump_a_request_with_other_extensions_and_attributes(lab) -> None:
    key = keys.new_rsa_key(lab, 1024)
    template = b"\x1e\x12" + "WebServer".encode("utf-16-be")
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(pki.parse_windows_dn("CN=web.ehlo.dk"))
        .add_extension(x509.UnrecognizedExtension(ca.OID_TEMPLATE_NAME, template), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.UnrecognizedExtension(x509.ObjectIdentifier("1.2.3.4"), b"\x04\x02hi"), critical=False)
        .add_extension(x509.SubjectAlternativeName([
            x509.RFC822Name("admin@ehlo.dk"), x509.DNSName("web.ehlo.dk"),
        ]), critical=False)
        .add_attribute(x509.oid.AttributeOID.CHALLENGE_PASSWORD, b"secret")
        .sign(key, hashes.SHA256())
    )
    write_file(lab, "DC01", "c:\\web.req", csr.public_bytes(serialization.Encoding.PEM))
    assert run(lab, "DC01", certutil, "-dump", "c:\\web.req") == (0, """\
PKCS10 Certificate Request:
Version: 1
Subject:
    CN=web.ehlo.dk

Public Key Algorithm:
    Algorithm ObjectId: 1.2.840.113549.1.1.1 RSA (RSA_SIGN)
    Algorithm Parameters:
    05 00
Public Key Length: 1024 bits
Request Attributes: 2
  2 attributes:

  Attribute[0]: 1.2.840.113549.1.9.7 (Challenge Password)
    Value[0][0], Length = 8

    0000  0c 06 73 65 63 72 65 74                            ..secret

  Attribute[1]: 1.2.840.113549.1.9.14 (Certificate Extensions)
    Value[1][0], Length = 7c
Certificate Extensions: 5
    1.3.6.1.4.1.311.20.2: Flags = 0, Length = 14
    Certificate Template Name (Certificate Type)
        WebServer

    2.5.29.37: Flags = 0, Length = c
    Enhanced Key Usage
        Server Authentication (1.3.6.1.5.5.7.3.1)

    2.5.29.19: Flags = 1(Critical), Length = 2
    Basic Constraints
        Subject Type=End Entity
        Path Length Constraint=None

    1.2.3.4: Flags = 0, Length = 4

    0000  04 02 68 69                                        ..hi

    2.5.29.17: Flags = 0, Length = 1e
    Subject Alternative Name
        RFC822 Name=admin@ehlo.dk
        DNS Name=web.ehlo.dk

Signature Algorithm:
    Algorithm ObjectId: 1.2.840.113549.1.1.11 sha256RSA
    Algorithm Parameters:
    05 00
Signature matches Public Key
CertUtil: -dump command completed successfully.
""")


def test_addstore_and_delstore_on_a_computer_outside_the_domain(lab) -> None:
    root = ca.get_ca(lab, "ehlo-DC01-CA").certificate
    run(lab, "CAS01", certutil, "-config", "DC01\\ehlo-DC01-CA", "-ca.cert", "c:\\ca.cer")
    added = (
        'root "Trusted Root Certification Authorities"\nSignature matches Public Key\n'
        'Certificate "ehlo-DC01-CA" {}\n'
    )
    done = "CertUtil: -addstore command completed successfully.\n"
    assert run(lab, "HOMEPC", certutil, "-addstore", "root", "\\\\cas01\\c$\\ca.cer") == (
        0, added.format("added to store.") + done
    )
    assert certstore.find(lab, "HOMEPC", "Root", pki.thumbprint(root)).physical == "Registry"
    assert run(lab, "HOMEPC", certutil, "-addstore", "root", "\\\\cas01\\c$\\ca.cer") == (
        0, added.format("already in store.") + done
    )
    serial = pki.serial_hex(root)
    assert run(lab, "HOMEPC", certutil, "-delstore", "Root", serial) == (0, (
        'Root "Trusted Root Certification Authorities"\n================ Certificate 0 ================\n'
        + root_block(root) + "Deleting Certificate 0\nCertUtil: -delstore command completed successfully.\n"
    ))
    assert certstore.list_store(lab, "HOMEPC", "Root") == []
    assert run(lab, "HOMEPC", certutil, "-delstore", "root", serial) == (-2146885628, """\
root "Trusted Root Certification Authorities"
CertUtil: -delstore command FAILED: 0x80092004 (-2146885628)
CertUtil: Cannot find object or property.
""")
    assert run(lab, "HOMEPC", certutil, "-addstore", "Trust", "\\\\cas01\\c$\\ca.cer") == (-2147024894, """\
Cannot open existing Cert store. Use -f option to force Cert store creation.
CertUtil: -addstore command FAILED: 0x80070002 (WIN32: 2)
CertUtil: The system cannot find the file specified.
""")


def test_view_a_request(lab) -> None:
    authority = ca.get_ca(lab, "ehlo-DC01-CA")
    with lab.transaction():
        request = ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "WebServer"}, ADMIN)
        ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "Web Server"}, ADMIN)
    schema = """\
Schema:
  Column Name                   Localized Name                Type    MaxLength
  ----------------------------  ----------------------------  ------  ---------
"""
    code, text = run(lab, "CAS01", certutil, "-config", "DC01\\ehlo-DC01-CA", "-view", "-restrict", "RequestId=2")
    assert (code, text) == (0, schema + f"""\
  RequestID                     Issued Request ID             Long    4 -- Indexed
  Request.RequesterName         Requester Name                String  2048 -- Indexed
  Request.Disposition           Request Disposition           Long    4 -- Indexed
  Request.DispositionMessage    Request Disposition Message   String  8192
  Request.SubmittedWhen         Request Submission Date       Date    8 -- Indexed
  Request.ResolvedWhen          Request Resolution Date       Date    8 -- Indexed
  SerialNumber                  Serial Number                 String  128 -- Indexed
  CertificateTemplate           Certificate Template          String  254 -- Indexed
  NotBefore                     Certificate Effective Date    Date    8
  NotAfter                      Certificate Expiration Date   Date    8 -- Indexed
  CommonName                    Issued Common Name            String  8192 -- Indexed

Row 1:
  Issued Request ID: 0x2
  Requester Name: "EHLO\\Administrator"
  Request Disposition: 0x14 (20) -- Issued
  Request Disposition Message: "Issued"
  Request Submission Date: 3/18/2008 10:15 AM
  Request Resolution Date: 3/18/2008 10:15 AM
  Serial Number: "{request.serial}"
  Certificate Template: "WebServer"
  Certificate Effective Date: 3/18/2008 10:05 AM
  Certificate Expiration Date: 3/18/2010 10:15 AM
  Issued Common Name: "mailehlo.dk"

Maximum Row Index: 1

1 Rows
CertUtil: -view command completed successfully.
""")
    out = "RequestID,Disposition,DispositionMessage,StatusCode,CommonName"
    code, text = run(lab, "DC01", certutil, "-view", "-restrict", "Disposition=31", "-out", out)
    assert (code, text) == (0, schema + """\
  RequestID                     Issued Request ID             Long    4 -- Indexed
  Request.Disposition           Request Disposition           Long    4 -- Indexed
  Request.DispositionMessage    Request Disposition Message   String  8192
  Request.StatusCode            Request Status Code           Long    4
  CommonName                    Issued Common Name            String  8192 -- Indexed

Row 1:
  Issued Request ID: 0x3
  Request Disposition: 0x1f (31) -- Denied
  Request Disposition Message: "Denied by Policy Module  0x80094800, The request was for certificate template (Web Server) that is not supported by the Certificate Services policy."
  Request Status Code: 0x80094800 (-2146875392) -- The requested certificate template is not supported by this CA.
  Issued Common Name: EMPTY

Maximum Row Index: 1

1 Rows
CertUtil: -view command completed successfully.
""")
    issued = run(lab, "DC01", certutil, "-view", "-restrict", "RequestId=2", "-out", "StatusCode")[1]
    assert "\n  Request Status Code: 0x0 (WIN32: 0) -- The operation completed successfully.\n" in issued
    assert run(lab, "DC01", certutil, "-view", "-restrict", "RequestId>9", "-out", "RequestID")[1].endswith(
        "Maximum Row Index: 0\n\n0 Rows\nCertUtil: -view command completed successfully.\n"
    )
    assert run(lab, "DC01", certutil, "-view", "-restrict", "Colour=2")[0] == -2147024809


def test_view_restricted_on_string_columns(lab) -> None:
    authority = ca.get_ca(lab, "ehlo-DC01-CA")
    with lab.transaction():
        ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "WebServer"}, ADMIN)  # 2, issued
        ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "Web Server"}, ADMIN)  # 3, denied
        ca.submit(lab, authority, article_request(lab), {"CertificateTemplate": "WebServer"}, ADMIN)  # 4, issued

    def view(restrict: str, out: str = "RequestID") -> tuple[int, str]:
        return run(lab, "DC01", certutil, "-view", "-restrict", restrict, "-out", out)

    def rows(*ids: int) -> str:
        body = "".join(f"Row {n}:\n  Issued Request ID: 0x{i}\n\n" for n, i in enumerate(ids, 1))
        return f"""\
Schema:
  Column Name                   Localized Name                Type    MaxLength
  ----------------------------  ----------------------------  ------  ---------
  RequestID                     Issued Request ID             Long    4 -- Indexed

{body}Maximum Row Index: {len(ids)}

{len(ids)} Rows
CertUtil: -view command completed successfully.
"""

    assert view("CommonName=mailehlo.dk") == (0, rows(2, 4))
    assert view("commonname=MAILEHLO.DK,RequestId>=3") == (0, rows(4))
    assert view("Request.RequesterName=ehlo\\administrator, Disposition=31") == (0, rows(3))
    assert view("CertificateTemplate=webserver") == (0, rows(2, 4))  # the denied request names no template
    assert view("SerialNumber=" + ca.retrieve(lab, authority, 4).serial.upper()) == (0, rows(4))
    assert view("CommonName==nobody.ehlo.dk") == (0, rows())
    invalid = (-2147024809, """\
CertUtil: -view command FAILED: 0x80070057 (WIN32: 87)
CertUtil: The parameter is incorrect.
""")
    for restrict in ("CommonName>m", "CommonName=", "CommonName", "RequestId=mailehlo.dk", "NotAfter=1/1/2010"):
        assert view(restrict) == invalid, restrict
