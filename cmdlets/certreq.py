"""certreq.exe: submit a PKCS#10 request to the Enterprise CA and save the answer.

    certreq [-submit] [-attrib "Name:Value\\nName:Value"] [-config Server\\CA] [-binary] [-f]
            RequestFileIn [CertFileOut [CertChainFileOut]]
    certreq -retrieve [-config Server\\CA] [-binary] [-f] RequestId [CertFileOut [CertChainFileOut]]

Output as adcs-nlb-autodiscover.md §3 "certreq" shows it, in the 2003 form: one `RequestId: N`
line, then the disposition and the CA's disposition message (a policy-module note follows the
verdict after two spaces: `Issued  0x80094004, ...`; newer builds also print `RequestId: "N"` and
append the status text and code to a denial). Without -config the real tool asks in a dialog
which CA to use; here the one CA the computer finds in Active Directory is taken. Certificates
are written as base64 with CERTIFICATE headers, the chain as a base64 PKCS#7 under the same
header (CryptBinaryToString's CRYPT_STRING_BASE64HEADER, as the web enrollment pages' "Base 64
encoded" downloads); -binary writes DER.
"""
from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization

from emshell.cmdlets.win32 import exit_code, format_hresult, hresult_from_win32, path_failure
from emshell.engine.native import NativeContext
from emshell.lab import ca, computers, directory, paths, pki

PREFIXES = ("-", "/", "\u2013")
OPTIONS = {"attrib": True, "config": True, "binary": False, "f": False}
VERBS = {"submit": (1, 3), "retrieve": (1, 3)}  # positional arguments each takes
SHELL_USER = "Administrator"  # the account every lab shell runs as

E_INVALIDARG = ca.E_INVALIDARG
E_ACCESSDENIED = hresult_from_win32(5)
ERROR_FILE_EXISTS = hresult_from_win32(80)

USAGE = (
    "Usage:",
    "  CertReq -?",
    "  CertReq [-v] -?",
    "  CertReq [-Command] -?",
    "",
    "  CertReq [-Submit] [Options] [RequestFileIn [CertFileOut [CertChainFileOut [FullResponseFileOut]]]]",
    "    Submit a request to a Certification Authority.",
    "",
    "  CertReq -Retrieve [Options] RequestId [CertFileOut [CertChainFileOut [FullResponseFileOut]]]",
    "    Retrieve a response to a previous request from a Certification Authority.",
    "",
    "Options:",
    "  -attrib AttributeString",
    "  -binary",
    "  -config ConfigString",
    "  -f",
    "",
    "AttributeString       - Colon separated Name and Value string pairs",
    "                          Each pair is separated by a backslash and \"n\"",
    "                          Example: \"Name1:Value1\\nName2:Value2\"",
    "ConfigString          - Backslash separated Server Name and Certification",
    "                          Authority Name: MachineDNSName\\CAName",
)


class _Failure(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code


class _Usage(Exception):
    pass


@dataclass
class _Invocation:
    ctx: NativeContext
    verb: str
    args: list[str]
    options: dict[str, str | bool]

    def option(self, name: str) -> str | None:
        value = self.options.get(name)
        return value if isinstance(value, str) else None

    def out(self, *lines: str) -> None:
        for line in lines:
            self.ctx.write_line(line)


def certreq(ctx: NativeContext, argv: list[str]) -> int:
    try:
        invocation = _parse(ctx, argv)
    except _Usage:
        for line in USAGE:
            ctx.write_line(line)
        return exit_code(E_INVALIDARG)
    try:
        if invocation.verb == "retrieve":
            _retrieve(invocation)
        else:
            _submit(invocation)
    except (_Failure, ca.CAError, paths.PathError) as error:
        code, message = _failure(error)
        ctx.write_line(f"Certificate Request Processor: {message} {format_hresult(code)}")
        return exit_code(code)
    return 0


def _failure(error: _Failure | ca.CAError | paths.PathError) -> tuple[int, str]:
    if isinstance(error, paths.PathError):
        return path_failure(error)
    return error.code, str(error)


def _parse(ctx: NativeContext, argv: list[str]) -> _Invocation:
    verb: str | None = None
    args: list[str] = []
    options: dict[str, str | bool] = {}
    items = iter(argv)
    for arg in items:
        name = arg[1:].lower() if len(arg) > 1 and arg[0] in PREFIXES else None
        if name is None:
            args.append(arg)
        elif name in OPTIONS:
            value = next(items, None) if OPTIONS[name] else True
            if value is None:
                raise _Usage()
            options[name] = value
        elif name in VERBS and verb is None:
            verb = name
        else:
            raise _Usage()
    verb = verb or "submit"
    low, high = VERBS[verb]
    if not low <= len(args) <= high:
        raise _Usage()
    return _Invocation(ctx, verb, args, options)


# -- the CA and the caller --------------------------------------------------------------------------
def _target(inv: _Invocation) -> ca.CertificationAuthority:
    config = inv.option("config")
    if config is not None:
        return ca.find_ca(inv.ctx.lab, config)
    found = ca.visible_cas(inv.ctx.lab, inv.ctx.computer)
    if len(found) != 1:  # none to pick from, or a choice only the dialog could make
        raise ca.CAUnavailableError()
    return found[0]


def _requester(inv: _Invocation) -> str:
    """The account the CA sees: the domain Administrator; a computer outside the domain cannot
    authenticate to an Enterprise CA at all."""
    if not computers.get_computer(inv.ctx.lab, inv.ctx.computer).domain_joined:
        raise _Failure(E_ACCESSDENIED, "Access is denied.")
    return f"{directory.get_domain(inv.ctx.lab).netbios}\\{SHELL_USER}"


# -- -submit and -retrieve --------------------------------------------------------------------------
def _submit(inv: _Invocation) -> None:
    request_file, *outputs = inv.args
    data = paths.read_bytes(inv.ctx.resolve_path(request_file))
    targets = _outputs(inv, outputs)
    authority = _target(inv)
    attributes = ca.parse_attributes(inv.option("attrib") or "")
    request = ca.submit(inv.ctx.lab, authority, data, attributes, _requester(inv))
    inv.out(f"RequestId: {request.request_id}")
    _answer(inv, authority, request, targets)


def _retrieve(inv: _Invocation) -> None:
    request_id, *outputs = inv.args
    if not request_id.isdigit():
        raise ca.InvalidArgumentError()
    targets = _outputs(inv, outputs)
    authority = _target(inv)
    _answer(inv, authority, ca.retrieve(inv.ctx.lab, authority, int(request_id)), targets)


def _outputs(inv: _Invocation, names: list[str]) -> list[paths.LabPath]:
    """The output files; an existing one stops certreq unless -f allows overwriting it."""
    targets = [inv.ctx.resolve_path(name) for name in names]
    for target in targets:
        if paths.exists(target) and not inv.options.get("f"):
            raise _Failure(ERROR_FILE_EXISTS, "The file exists.")
    return targets


def _answer(
    inv: _Invocation, authority: ca.CertificationAuthority, request: ca.Request, targets: list[paths.LabPath]
) -> None:
    if not request.issued:
        inv.out(f"Certificate not issued (Denied) {request.disposition_message}")
        return
    inv.out(f"Certificate retrieved(Issued) {request.disposition_message}")
    files = (request.certificate.public_bytes(serialization.Encoding.DER), pki.build_p7b(ca.chain(authority, request)))
    for target, der in zip(targets, files):
        text = pki.base64_text(der, "CERTIFICATE").encode("ascii")
        paths.write_bytes(target, der if inv.options.get("binary") else text)


NATIVE_COMMANDS = {"certreq": certreq, "certreq.exe": certreq}
