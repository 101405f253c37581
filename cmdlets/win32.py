"""Error codes as the Windows Server 2003 command-line tools print them.

certutil and certreq report a failure as an HRESULT in hex followed by its facility and code in
parentheses, and return the HRESULT (as a signed 32-bit number) as their exit code. The 2003
builds print `(WIN32: 2)` without the symbolic name newer builds add (adcs-nlb-autodiscover.md
§1.7, §9 item 1).
"""
from __future__ import annotations

from emshell.lab import paths

FACILITY_WIN32 = 7

# File errors a tool meets reading or writing its arguments: the Win32 code and its text.
_PATH_ERRORS: tuple[tuple[type[paths.PathError], int, str], ...] = (
    (paths.ItemNotFound, 2, "The system cannot find the file specified."),
    (paths.PartNotFound, 3, "The system cannot find the path specified."),
    (paths.AccessDenied, 5, "Access is denied."),
    (paths.NetworkPathNotFound, 53, "The network path was not found."),
    (paths.NetworkNameNotFound, 67, "The network name cannot be found."),
)
_INVALID_NAME = (123, "The filename, directory name, or volume label syntax is incorrect.")


def hresult_from_win32(code: int) -> int:
    return 0x80000000 | (FACILITY_WIN32 << 16) | code


def format_hresult(code: int) -> str:
    """`0x800706ba (WIN32: 1722)`, `0x8009310b (ASN: 267)` or `0x80094800 (-2146875392)`."""
    if (code >> 16) & 0x1FFF == FACILITY_WIN32:
        return f"0x{code:08x} (WIN32: {code & 0xFFFF})"
    if 0x80093100 <= code <= 0x800931FF:  # CRYPT_E_ASN1_*: numbered from 0x3100
        return f"0x{code:08x} (ASN: {(code & 0xFFFF) - 0x3000})"
    return f"0x{code:08x} ({exit_code(code)})"


def exit_code(code: int) -> int:
    """The HRESULT as the signed number a process returns ($LASTEXITCODE)."""
    return code - (1 << 32) if code & 0x80000000 else code


def path_failure(error: paths.PathError) -> tuple[int, str]:
    """The HRESULT and Win32 text for a file the tool could not read or write."""
    for kind, code, text in _PATH_ERRORS:
        if isinstance(error, kind):
            return hresult_from_win32(code), text
    code, text = _INVALID_NAME
    return hresult_from_win32(code), text
