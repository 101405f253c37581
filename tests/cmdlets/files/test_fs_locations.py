"""Get/Set/Push/Pop-Location, the prompt, Resolve-Path, Split-Path and Join-Path."""
from __future__ import annotations

from fs_shell import shell


def path_table(*paths: str) -> str:
    """PathInfo's view: one `Path` column the width of the line."""
    rows = "".join(path.ljust(79) + "\n" for path in ("Path", "----", *paths))
    return "\n" + rows + "\n\n"


def test_location_and_prompt() -> None:
    with shell() as sh:
        assert sh.session.prompt() == "[PS] C:\\Documents and Settings\\Administrator>"
        assert sh("Get-Location") == path_table("C:\\Documents and Settings\\Administrator")
        assert sh("cd ..\\..\\WINDOWS\\system32", "cd ..", "pwd") == path_table("C:\\WINDOWS")
        assert sh.session.prompt() == "[PS] C:\\WINDOWS>"
        assert sh("cd \\\\cas02\\c$\\WINDOWS", "Get-Location", "(Get-Location).ProviderPath") == (
            path_table("Microsoft.PowerShell.Core\\FileSystem::\\\\cas02\\c$\\WINDOWS") + "\\\\cas02\\c$\\WINDOWS\n")
        assert sh("cd \\", "(Get-Location).ProviderPath", "cd ~", "(Get-Location).Path", "Set-Location",
                  "(Get-Location).Path", "sl c:\\WINDOWS -PassThru | % { $_.Path }") == (
            "\\\\cas02\\c$\nC:\\Documents and Settings\\Administrator\nC:\\Documents and Settings\\Administrator\n"
            "C:\\WINDOWS\n")


def test_set_location_errors() -> None:
    with shell() as sh:
        sh("Set-Content c:\\f.txt x")
        assert sh("Set-Location c:\\nope", "Set-Location c:\\f.txt", "Set-Location c:\\*",
                  "cd c:\\W*; (Get-Location).Path") == (
            "Set-Location : Cannot find path 'C:\\nope' because it does not exist.\n"
            "At line:1 char:13\n"
            "+ Set-Location  <<<< c:\\nope\n"
            "Set-Location : Cannot find path 'C:\\f.txt' because it does not exist.\n"
            "At line:1 char:13\n"
            "+ Set-Location  <<<< c:\\f.txt\n"
            "Set-Location : Cannot set the location because path 'c:\\*' resolved to multiple\n"
            " containers. You can only the set location to a single container at a time.\n"
            "At line:1 char:13\n"
            "+ Set-Location  <<<< c:\\*\n"
            "C:\\WINDOWS\n")


def test_push_and_pop_location() -> None:
    with shell() as sh:
        assert sh("Push-Location c:\\WINDOWS", "Push-Location \\\\cas02\\c$", "Get-Location -Stack",
                  "Pop-Location -PassThru | % { $_.Path }", "Pop-Location", "(Get-Location).Path", "Pop-Location",
                  "(Get-Location).Path") == (
            path_table("C:\\WINDOWS", "C:\\Documents and Settings\\Administrator")
            + "C:\\WINDOWS\nC:\\Documents and Settings\\Administrator\nC:\\Documents and Settings\\Administrator\n")


def test_resolve_path() -> None:
    with shell() as sh:
        assert sh("Resolve-Path c:\\W*, c:\\prog*", "cd c:\\WINDOWS\\system32",
                  "Resolve-Path c:\\WINDOWS, c:\\Program* -Relative", "Resolve-Path c:\\nope") == (
            path_table("C:\\WINDOWS", "C:\\Program Files")
            + "..\n..\\..\\Program Files\n"
            "Resolve-Path : Cannot find path 'C:\\nope' because it does not exist.\n"
            "At line:1 char:13\n"
            "+ Resolve-Path  <<<< c:\\nope\n")


def test_split_and_join_path() -> None:
    with shell() as sh:
        assert sh("Split-Path c:\\certs\\new.cer", "Split-Path c:\\certs\\new.cer -Leaf", "Split-Path c:\\certs",
                  "Split-Path \\\\cas02\\c$\\x.pfx", "Split-Path certs\\new.cer", "Split-Path c:\\certs -Qualifier",
                  "Split-Path c:\\certs -NoQualifier", "Split-Path c:\\certs -IsAbsolute",
                  "Split-Path certs -IsAbsolute", "Split-Path c:\\W* -Resolve -Leaf", "Split-Path certs -Qualifier") == (
            "c:\\certs\nnew.cer\nc:\\\n\\\\cas02\\c$\ncerts\nc:\n\\certs\nTrue\nFalse\nWINDOWS\n"
            "Split-Path : Cannot parse path because path 'certs' does not have a qualifier s\n"
            "pecified.\n"
            "At line:1 char:11\n"
            "+ Split-Path  <<<< certs -Qualifier\n")
        assert sh("Join-Path c:\\certs\\ \\new.cer", "Join-Path \\\\cas02\\c$ exported_cert.pfx",
                  "Join-Path c:\\ WIN* -Resolve | % { $_.Path }", "Join-Path q:\\a b") == (
            "c:\\certs\\new.cer\n\\\\cas02\\c$\\exported_cert.pfx\nC:\\WINDOWS\n"
            "Join-Path : Cannot find drive. A drive with the name 'q' does not exist.\n"
            "At line:1 char:10\n"
            "+ Join-Path  <<<< q:\\a b\n")


def test_pwd_is_a_path_info_of_the_current_location() -> None:
    with shell() as sh:
        assert sh("cd c:\\WINDOWS", "$PWD") == path_table("C:\\WINDOWS")
        assert sh("$PWD.Path", '"in $PWD"', "$PWD.GetType().FullName") == (
            "C:\\WINDOWS\nin C:\\WINDOWS\nSystem.Management.Automation.PathInfo\n")
