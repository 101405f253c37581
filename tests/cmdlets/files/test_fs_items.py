"""Items: the PowerShell 1.0 directory view, New-Item, Copy-Item (also to UNC paths), Move-Item,
Rename-Item, Remove-Item (with its confirm prompt), Test-Path and the -WhatIf texts."""
from __future__ import annotations

from fs_shell import shell, tree

HEADER = (
    "Mode                LastWriteTime     Length Name                              \n"
    "----                -------------     ------ ----                              \n"
)


def group(parent: str, *rows: str) -> str:
    """One group of the directory view: two blank lines, the group header, two blank lines, the table.
    (The first group's leading blank lines are Out-Default's; a later group's, the previous group's end.)"""
    return f"\n\n    Directory: Microsoft.PowerShell.Core\\FileSystem::{parent}\n\n\n" + HEADER + "".join(
        row.ljust(79) + "\n" for row in rows)


def test_directory_view_groups_by_folder() -> None:
    with shell() as sh:
        sh("New-Item c:\\certs\\sub -ItemType Directory", "New-Item c:\\certs\\CAS_SAN_cert.req -Value 'abc'",
           "New-Item c:\\certs\\sub\\certnew.cer -Type f -Value 'x'")
        assert sh("dir c:\\certs -Recurse") == (
            group("C:\\certs",
                  "d----         3/18/2008  10:15 AM            sub",
                  "-a---         3/18/2008  10:15 AM          3 CAS_SAN_cert.req")
            + group("C:\\certs\\sub", "-a---         3/18/2008  10:15 AM          1 certnew.cer")
            + "\n\n")
        assert sh("New-Item c:\\certs\\x -Type Directory") == (
            group("C:\\certs", "d----         3/18/2008  10:15 AM            x") + "\n\n")


def test_child_item_selection() -> None:
    with shell() as sh:
        sh("New-Item c:\\certs\\sub -ItemType Directory", "New-Item c:\\certs\\a.req -Value 'abc'",
           "New-Item c:\\certs\\sub\\b.cer -Type f -Value 'x'")
        assert sh("Get-ChildItem c:\\certs -Recurse -Name", "dir c:\\cert* -Name", "ls c:\\certs\\*.req -Name",
                  "dir c:\\certs -Include *.cer", "dir c:\\certs -Include *.cer -Recurse -Name",
                  "dir c:\\certs -Exclude sub -Name", "dir c:\\certs\\a.req -Filter *.cer",
                  "dir c:\\certs\\*.cer -Recurse -Name", "gci c:\\zz*") == (
            "sub\na.req\nsub\\b.cer\ncerts\na.req\nsub\\b.cer\na.req\nsub\\b.cer\n")


def test_new_item_rules() -> None:
    with shell() as sh:
        assert sh("New-Item c:\\certs\\a.txt", "New-Item c:\\WINDOWS -ItemType Directory", "New-Item c:\\WINDOWS",
                  "New-Item c:\\z -Type bogus") == (
            "New-Item : Could not find a part of the path 'C:\\certs\\a.txt'.\n"
            "At line:1 char:9\n"
            "+ New-Item  <<<< c:\\certs\\a.txt\n"
            "New-Item : Item with specified name C:\\WINDOWS already exists.\n"
            "At line:1 char:9\n"
            "+ New-Item  <<<< c:\\WINDOWS -ItemType Directory\n"
            "New-Item : Access to the path 'C:\\WINDOWS' is denied.\n"
            "At line:1 char:9\n"
            "+ New-Item  <<<< c:\\WINDOWS\n"
            'New-Item : The type is not a known type for the file system. Only "file" and "d\n'
            'irectory" can be specified.\n'
            "At line:1 char:9\n"
            "+ New-Item  <<<< c:\\z -Type bogus\n")
        assert sh("New-Item c:\\a.txt -Value 'one' | Out-Null", "New-Item c:\\a.txt -Value 'two'",
                  "New-Item c:\\a.txt -Value 'three' -Force | Out-Null", "Get-Content c:\\a.txt",
                  "New-Item c:\\WINDOWS -ItemType Directory -Force | ForEach-Object { $_.FullName }",
                  "New-Item -Path c:\\ -Name n.txt | ForEach-Object { $_.Name }") == (
            "New-Item : The file 'C:\\a.txt' already exists.\n"
            "At line:1 char:9\n"
            "+ New-Item  <<<< c:\\a.txt -Value 'two'\n"
            "three\nC:\\WINDOWS\nn.txt\n")
        assert (sh.drive() / "a.txt").read_bytes() == b"three"


def test_copy_to_another_computer_through_its_share() -> None:
    with shell() as sh:
        sh("Set-Content c:\\exported_cert.pfx 'PFX'")
        assert sh("Copy-Item c:\\exported_cert.pfx \\\\cas02\\c$\\", "dir \\\\cas02\\c$\\*.pfx") == group(
            "\\\\cas02\\c$", "-a---         3/18/2008  10:15 AM          5 exported_cert.pfx") + "\n\n"
        assert (sh.drive("CAS02") / "exported_cert.pfx").read_bytes() == b"PFX\r\n"
        assert sh("Copy-Item c:\\exported_cert.pfx \\\\CAS02.ehlo.dk\\C$\\WINDOWS\\again.pfx -PassThru |"
                  " ForEach-Object { $_.FullName }", "Copy-Item c:\\WINDOWS \\\\cas02\\c$\\W2",
                  "Test-Path \\\\cas02\\c$\\W2\\system32") == "\\\\CAS02.ehlo.dk\\C$\\WINDOWS\\again.pfx\nFalse\n"
        assert sh("Copy-Item c:\\exported_cert.pfx c:\\exported_cert.pfx", "Copy-Item c:\\nope.pfx c:\\x",
                  "Copy-Item c:\\WINDOWS c:\\WINDOWS\\inside -Recurse") == (
            "Copy-Item : Cannot overwrite the item C:\\exported_cert.pfx with itself.\n"
            "At line:1 char:10\n"
            "+ Copy-Item  <<<< c:\\exported_cert.pfx c:\\exported_cert.pfx\n"
            "Copy-Item : Cannot find path 'C:\\nope.pfx' because it does not exist.\n"
            "At line:1 char:10\n"
            "+ Copy-Item  <<<< c:\\nope.pfx c:\\x\n"
            "Copy-Item : Source and destination path must be different.\n"
            "At line:1 char:10\n"
            "+ Copy-Item  <<<< c:\\WINDOWS c:\\WINDOWS\\inside -Recurse\n")


INVALID_NAME = "Copy-Item : The filename, directory name, or volume label syntax is incorrect.\n"


def test_copy_to_a_missing_folder_with_a_trailing_backslash_fails() -> None:
    """`c:\\newdir\\` names a folder: when it does not exist, Windows refuses the file name (an
    IOException of Copy-Item) and nothing is created, locally or through a share. An existing folder
    typed with the backslash takes the copy; a folder source creates the destination as before."""
    with shell() as sh:
        sh("Set-Content c:\\a.txt 'A'")
        before = tree(sh.drive()), tree(sh.drive("CAS02"))
        assert sh("Copy-Item c:\\a.txt c:\\newdir\\", "Copy-Item c:\\a.txt \\\\cas02\\c$\\sub\\",
                  "Copy-Item c:\\a.txt c:/newdir/ -PassThru", "Copy-Item c:\\a.txt c:\\newdir\\ -WhatIf",
                  "Test-Path c:\\newdir, \\\\cas02\\c$\\sub") == (
            INVALID_NAME + "At line:1 char:10\n+ Copy-Item  <<<< c:\\a.txt c:\\newdir\\\n"
            + INVALID_NAME + "At line:1 char:10\n+ Copy-Item  <<<< c:\\a.txt \\\\cas02\\c$\\sub\\\n"
            + INVALID_NAME + "At line:1 char:10\n+ Copy-Item  <<<< c:\\a.txt c:/newdir/ -PassThru\n"
            'What if: Performing operation "Copy File" on Target "Item: C:\\a.txt Destination: C:\\newdir\\".\n'
            "False\nFalse\n")
        assert (tree(sh.drive()), tree(sh.drive("CAS02"))) == before
        assert sh("$error[0].FullyQualifiedErrorId") == (
            "CopyFileInfoItemIOError,Microsoft.PowerShell.Commands.CopyItemCommand\n")
        assert sh("Copy-Item c:\\a.txt c:\\WINDOWS\\ -PassThru | % { $_.FullName }",
                  "Copy-Item c:\\a.txt \\\\cas02\\c$\\WINDOWS\\ -PassThru | % { $_.FullName }",
                  "Copy-Item c:\\WINDOWS\\system32 c:\\s32\\ -PassThru | % { $_.FullName }") == (
            "C:\\WINDOWS\\a.txt\n\\\\cas02\\c$\\WINDOWS\\a.txt\nC:\\s32\n")


def test_move_and_rename() -> None:
    with shell() as sh:
        assert sh("cd c:\\", "Set-Content a.pfx 'A'", "Move-Item a.pfx moved.pfx -PassThru | % { $_.FullName }",
                  "Rename-Item moved.pfx final.pfx", "Test-Path c:\\moved.pfx, c:\\final.pfx",
                  "Set-Content x.txt 'X'", "Move-Item x.txt final.pfx", "Rename-Item x.txt final.pfx",
                  "Rename-Item nope.txt y.txt", "Rename-Item x.txt c:\\temp\\y.txt",
                  "Move-Item x.txt final.pfx -Force", "Get-Content final.pfx", "Move-Item final.pfx WINDOWS",
                  "Test-Path c:\\WINDOWS\\final.pfx") == (
            "C:\\moved.pfx\nFalse\nTrue\n"
            "Move-Item : Cannot create a file when that file already exists.\n"
            "At line:1 char:10\n"
            "+ Move-Item  <<<< x.txt final.pfx\n"
            "Rename-Item : Cannot create a file when that file already exists.\n"
            "At line:1 char:12\n"
            "+ Rename-Item  <<<< x.txt final.pfx\n"
            "Rename-Item : Cannot rename because item at 'nope.txt' does not exist.\n"
            "At line:1 char:12\n"
            "+ Rename-Item  <<<< nope.txt y.txt\n"
            "Rename-Item : Cannot rename because the target specified is not a path.\n"
            "At line:1 char:12\n"
            "+ Rename-Item  <<<< x.txt c:\\temp\\y.txt\n"
            "X\nTrue\n")


CONFIRM = (
    "\n"
    "Confirm\n"
    "The item at C:\\certs has children and the Recurse parameter was not specified. \n"
    "If you continue, all children will be removed with the item. Are you sure you \n"
    "want to continue?\n"
    "[Y] Yes  [A] Yes to All  [N] No  [L] No to All  [S] Suspend  [?] Help \n"
)


def test_remove_item_asks_before_removing_children() -> None:
    with shell(answers=["n", "y"]) as sh:
        sh("New-Item c:\\certs\\sub -ItemType Directory", "Set-Content c:\\certs\\sub\\a.txt 'A'")
        assert sh("Remove-Item c:\\certs", "Test-Path c:\\certs", "rm c:\\certs", "Test-Path c:\\certs") == (
            CONFIRM + '(default is "Y"):n\nTrue\n' + CONFIRM + '(default is "Y"):y\nFalse\n')
        assert sh("New-Item c:\\d\\e -Type d | Out-Null", "Remove-Item c:\\d -Recurse", "Test-Path c:\\d",
                  "Remove-Item c:\\", "Remove-Item c:\\nope") == (
            "False\n"
            "Remove-Item : Access to the path 'C:\\' is denied.\n"
            "At line:1 char:12\n"
            "+ Remove-Item  <<<< c:\\\n"
            "Remove-Item : Cannot find path 'C:\\nope' because it does not exist.\n"
            "At line:1 char:12\n"
            "+ Remove-Item  <<<< c:\\nope\n")


def test_what_if_texts() -> None:
    with shell() as sh:
        sh("New-Item c:\\certs\\sub -ItemType Directory", "Set-Content c:\\certs\\sub\\a.txt 'A'")
        before = sorted(p.name for p in sh.drive().rglob("*"))
        assert sh("Remove-Item c:\\certs -Recurse -WhatIf", "Copy-Item c:\\certs c:\\c2 -WhatIf",
                  "Move-Item c:\\certs\\sub\\a.txt c:\\WINDOWS -WhatIf", "Rename-Item c:\\certs c3 -WhatIf",
                  "New-Item c:\\n.txt -WhatIf", "Set-Content c:\\s.txt 1 -WhatIf", "Add-Content c:\\s.txt 1 -WhatIf") == (
            'What if: Performing operation "Remove File" on Target "C:\\certs\\sub\\a.txt".\n'
            'What if: Performing operation "Remove Directory" on Target "C:\\certs\\sub".\n'
            'What if: Performing operation "Remove Directory" on Target "C:\\certs".\n'
            'What if: Performing operation "Copy Directory" on Target "Item: C:\\certs Destination: C:\\c2".\n'
            'What if: Performing operation "Move File" on Target "Item: C:\\certs\\sub\\a.txt Destination: '
            'C:\\WINDOWS\\a.txt".\n'
            'What if: Performing operation "Rename Directory" on Target "Item: C:\\certs Destination: C:\\c3".\n'
            'What if: Performing operation "Create File" on Target "Destination: C:\\n.txt".\n'
            'What if: Performing operation "Set Content" on Target "Path: C:\\s.txt".\n'
            'What if: Performing operation "Add Content" on Target "Path: C:\\s.txt".\n')
        assert sorted(p.name for p in sh.drive().rglob("*")) == before


def test_test_path() -> None:
    with shell() as sh:
        assert sh("Test-Path c:\\WINDOWS -PathType Leaf", "Test-Path c:\\WINDOWS -PathType Container",
                  "Test-Path c:\\W*", "Test-Path c:\\zz*", "Test-Path c:\\nope, \\\\cas02\\c$\\WINDOWS",
                  "Test-Path c:\\nope -IsValid", "Test-Path 'c:\\a|b' -IsValid", "Test-Path q:\\x") == (
            "False\nTrue\nTrue\nFalse\nFalse\nTrue\nTrue\nFalse\nFalse\n")
