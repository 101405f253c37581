"""Windows paths in the lab: resolution, confinement to the drive roots, file operations."""
from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from emshell.lab import builder, computers, manage, paths
from emshell.lab.paths import LabPath, resolve

HOME = r"C:\Documents and Settings\Administrator"
START = datetime(2008, 3, 18, 10, 15, 32)


@pytest.fixture
def lab(tmp_path, monkeypatch):
    monkeypatch.setattr(builder, "install_pki", lambda lab, data: None)
    lab = manage.create_lab(tmp_path / "lab", deterministic=True)
    yield lab
    lab.close()


@pytest.fixture
def home(lab) -> LabPath:
    return resolve(lab, "CAS01", None, HOME)


def at(lab, text: str, cwd: LabPath | None = None, computer: str = "CAS01") -> LabPath:
    return resolve(lab, computer, cwd, text)


# -- resolution ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        (r"c:\x.req", r"C:\x.req"),
        ("C:/x.req", r"C:\x.req"),
        ("x.req", HOME + r"\x.req"),
        (r".\x.req", HOME + r"\x.req"),
        (r"..\x.req", r"C:\Documents and Settings\x.req"),
        (r"..\..\..\..\..\x.req", r"C:\x.req"),
        (r"\x.req", r"C:\x.req"),
        ("c:x.req", HOME + r"\x.req"),
        ("c:", HOME),
        ("", HOME),
        (r"Microsoft.PowerShell.Core\FileSystem::C:\x.req", r"C:\x.req"),
        (r"FileSystem::c:\x.req", r"C:\x.req"),
        (r"c:\a\.\b\..\c\x.req", r"C:\a\c\x.req"),
        (r"c:\\a\\\x.req", r"C:\a\x.req"),
        (r"c:\x.req.  ", r"C:\x.req"),
        (r"c:\documents AND settings\ADMINISTRATOR", HOME),
        ("C:\\", "C:\\"),
    ],
)
def test_local_forms_resolve_to_windows_paths(lab, home, text, expected) -> None:
    assert at(lab, text, home).display == expected


def test_a_path_maps_to_the_drive_folder_of_its_computer(lab, home) -> None:
    path = at(lab, "x.req", home)
    assert (path.computer, path.drive, path.parts) == ("CAS01", "C", ("Documents and Settings", "Administrator", "x.req"))
    assert path.host_path == lab.root / "drives" / "CAS01" / "C" / "Documents and Settings" / "Administrator" / "x.req"


def test_without_a_location_relative_paths_start_at_the_system_drive_root(lab) -> None:
    assert at(lab, "x.req").display == r"C:\x.req"
    assert at(lab, r"\WINDOWS\system32").display == r"C:\WINDOWS\system32"


def test_drive_relative_path_uses_the_root_when_the_location_is_elsewhere(lab) -> None:
    unc_home = at(lab, r"\\cas02\c$\Documents and Settings")
    assert at(lab, "c:x.req", unc_home).display == r"C:\x.req"


def test_name_parent_and_join(lab, home) -> None:
    path = at(lab, "x.req", home)
    assert path.name == "x.req"
    assert path.parent == home
    assert home.join("X.REQ") == path
    assert home.join(r"..\..\WINDOWS").display == r"C:\WINDOWS"
    assert at(lab, "c:\\").name == "C:\\"
    assert at(lab, "c:\\").parent is None


@pytest.mark.parametrize(
    "text, computer, display, local",
    [
        (r"\\cas02\c$\x.req", "CAS02", r"\\cas02\c$\x.req", r"C:\x.req"),
        (r"\\CAS02.ehlo.dk\C$\x.req", "CAS02", r"\\CAS02.ehlo.dk\C$\x.req", r"C:\x.req"),
        (r"\\192.168.1.12\c$\x.req", "CAS02", r"\\192.168.1.12\c$\x.req", r"C:\x.req"),
        (r"\\192.168.1.22\c$\x.req", "CAS02", r"\\192.168.1.22\c$\x.req", r"C:\x.req"),
        ("//cas02/c$/x.req", "CAS02", r"\\cas02\c$\x.req", r"C:\x.req"),
        (r"\\dc01\admin$\system32", "DC01", r"\\dc01\admin$\system32", r"C:\WINDOWS\system32"),
        (r"\\localhost\c$\x.req", "CAS01", r"\\localhost\c$\x.req", r"C:\x.req"),
        (r"\\cas01\c$\x.req", "CAS01", r"\\cas01\c$\x.req", r"C:\x.req"),
        (r"FileSystem::\\cas02\c$", "CAS02", r"\\cas02\c$", "C:\\"),
    ],
)
def test_unc_paths_reach_other_lab_computers(lab, home, text, computer, display, local) -> None:
    path = at(lab, text, home)
    assert (path.computer, path.display, path.local_display) == (computer, display, local)


def test_dot_dot_and_root_stop_at_the_share_root(lab) -> None:
    share = at(lab, r"\\dc01\admin$")
    assert at(lab, r"..\..\..", share).display == r"\\dc01\admin$"
    assert at(lab, r"\system32", at(lab, "system32", share)).display == r"\\dc01\admin$\system32"
    assert at(lab, r"\\dc01\admin$\..\..\x").local_display == r"C:\WINDOWS\x"
    assert share.parent is None


def test_a_share_published_with_dot_dots_stays_on_its_drive(lab) -> None:
    computers.add_share(lab, "DC01", "Sneaky", "C:\\..\\..\\..\\etc")
    computers.add_share(lab, "DC01", "Floppy", "A:\\")
    path = at(lab, r"\\dc01\sneaky\passwd")
    assert (path.display, path.local_display) == (r"\\dc01\sneaky\passwd", r"C:\etc\passwd")
    assert _inside(path)
    with pytest.raises(paths.DriveNotFound):
        at(lab, r"\\dc01\floppy")


def test_unc_paths_need_a_working_network(lab) -> None:
    computers.set_adapter_enabled(lab, "CAS02", "NLB LAN", False)
    with pytest.raises(paths.NetworkPathNotFound, match=r"^The network path was not found\.$"):
        at(lab, r"\\192.168.1.22\c$")
    assert at(lab, r"\\cas02\c$").computer == "CAS02"  # still reachable on its other adapter
    computers.set_adapter_enabled(lab, "CAS02", "Local Area Connection", False)
    with pytest.raises(paths.NetworkPathNotFound):
        at(lab, r"\\cas02\c$")
    assert at(lab, r"\\cas02\c$", computer="CAS02").computer == "CAS02"  # a computer always reaches itself


@pytest.mark.parametrize(
    "text, error, message",
    [
        (r"\\nosuchhost\c$\x", paths.NetworkPathNotFound, "The network path was not found."),
        (r"\\10.0.0.1\c$", paths.NetworkPathNotFound, "The network path was not found."),
        (r"\\cas02\d$\x", paths.NetworkNameNotFound, "The network name cannot be found."),
        (r"\\cas02\share", paths.NetworkNameNotFound, "The network name cannot be found."),
        (r"\\cas02", paths.InvalidUncPath, r"The UNC path should be of the form \\server\share."),
        (r"\\.\COM1", paths.DevicePath, paths.DevicePath.TEXT),
        (r"q:\x", paths.DriveNotFound, "Cannot find drive. A drive with the name 'q' does not exist."),
        (r"Cert:\LocalMachine", paths.DriveNotFound, "Cannot find drive. A drive with the name 'Cert' does not exist."),
        ("c:\\a\x00b", paths.IllegalCharacters, "Illegal characters in path."),
        (r"c:\a<b", paths.IllegalCharacters, "Illegal characters in path."),
        (r"c:\a|b", paths.IllegalCharacters, "Illegal characters in path."),
        (r"c:\*.req", paths.IllegalCharacters, "Illegal characters in path."),
        ("c:\\a\tb", paths.IllegalCharacters, "Illegal characters in path."),
        (r"c:\a\b:c", paths.UnsupportedFormat, "The given path's format is not supported."),
        ("c:x:y", paths.UnsupportedFormat, "The given path's format is not supported."),
    ],
)
def test_bad_paths_fail_with_windows_texts(lab, home, text, error, message) -> None:
    with pytest.raises(error) as caught:
        at(lab, text, home)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    "name", ["CON", "con", "PRN", "AUX", "NUL", "nul.txt", "COM1", "com9.log", "LPT1", "lpt9", "CON .txt", "aux.tar.gz"]
)
def test_device_names_are_refused_in_any_position(lab, name) -> None:
    with pytest.raises(paths.DevicePath, match="FileStream will not open Win32 devices"):
        at(lab, "c:\\" + name)
    with pytest.raises(paths.DevicePath):
        at(lab, f"c:\\{name}\\x.txt")


def test_names_that_only_resemble_devices_are_allowed(lab) -> None:
    for name in ("COM10", "LPT0", "console", "nul_", "CONx.txt"):
        assert at(lab, "c:\\" + name).name == name


def test_over_long_paths_are_refused(lab) -> None:
    assert at(lab, "c:\\" + "a" * 255).name == "a" * 255
    with pytest.raises(paths.PathTooLong, match="^The specified path, file name, or both are too long"):
        at(lab, "c:\\" + "a" * 256)
    with pytest.raises(paths.PathTooLong):
        at(lab, "c:\\" + "\\".join(["a" * 100] * 3))


# -- confinement -----------------------------------------------------------------------
def _inside(path: LabPath) -> bool:
    root = os.path.realpath(path.drive_host_path)
    real = os.path.realpath(path.host_path)
    return real == root or real.startswith(root + os.sep)


@pytest.mark.parametrize(
    "text",
    [
        r"..\..\..\..\..\..\..\..\..\etc\passwd",
        "/etc/passwd",
        "../../../../../../../../etc/passwd",
        r"c:\..\..\..\..",
        r"\\cas02\c$\..\..\..\..\..",
        r"\\dc01\admin$\..\..\..\..\..\etc",
        r"c:..\..\..\..\..\..",
        "...\\...\\x",
        r"FileSystem::..\..\..\..\..\..",
    ],
)
def test_no_typed_path_leaves_the_drive_roots(lab, home, text) -> None:
    path = at(lab, text, home)
    assert _inside(path)
    assert path.display.startswith(("C:\\", "\\\\"))


def test_absolute_host_paths_stay_on_the_current_drive(lab, home) -> None:
    assert at(lab, "/etc/passwd", home).display == r"C:\etc\passwd"
    assert not paths.exists(at(lab, "/etc/passwd", home))
    with pytest.raises(paths.ItemNotFound, match=r"^Cannot find path 'C:\\etc\\passwd' because it does not exist\.$"):
        paths.read_bytes(at(lab, "/etc/passwd", home))


def test_a_symlink_out_of_the_drive_is_refused(lab, home, tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"secret")
    os.symlink(outside, home.host_path / "escape")
    os.symlink(outside / "secret.txt", home.host_path / "secret.txt")
    for text in ("escape", r"escape\secret.txt", r"ESCAPE\new.txt", "secret.txt"):
        with pytest.raises(paths.AccessDenied, match=r"^Access to the path 'C:\\Documents and Settings"):
            at(lab, text, home)
    assert [entry.name for entry in paths.list_dir(home)] == []
    escape = LabPath(lab, "CAS01", "C", home.parts + ("escape",))  # built directly, not resolved
    assert paths.exists(escape) is False
    with pytest.raises(paths.AccessDenied):
        paths.list_dir(escape)


def test_a_symlink_that_stays_inside_the_drive_is_followed(lab, home) -> None:
    os.symlink(lab.root / "drives" / "CAS01" / "C" / "WINDOWS", home.host_path / "win")
    assert at(lab, r"win\system32", home).display == HOME + r"\win\system32"
    assert paths.is_dir(at(lab, r"win\system32", home))


def test_a_drive_root_replaced_by_a_link_is_refused(lab, tmp_path) -> None:
    drive = lab.root / "drives" / "HOMEPC" / "C"
    os.rename(drive, tmp_path / "moved")
    os.symlink(tmp_path / "moved", drive)
    with pytest.raises(paths.AccessDenied):
        at(lab, r"c:\WINDOWS", computer="HOMEPC")


def test_a_file_swapped_for_a_link_after_resolution_is_refused(lab, home, tmp_path) -> None:
    path = at(lab, "later.txt", home)
    os.symlink(tmp_path / "elsewhere.txt", path.host_path)
    with pytest.raises(paths.AccessDenied):
        paths.write_bytes(path, b"x")
    assert not (tmp_path / "elsewhere.txt").exists()


def test_listings_hide_names_windows_cannot_have(lab, home) -> None:
    (home.host_path / "a:b").write_bytes(b"")
    (home.host_path / "a\\b").write_bytes(b"")
    (home.host_path / "nul.txt").write_bytes(b"")
    (home.host_path / "ok.txt").write_bytes(b"")
    assert [entry.name for entry in paths.list_dir(home)] == ["ok.txt"]


# -- file operations -------------------------------------------------------------------
def test_write_and_read_with_lab_times(lab, home) -> None:
    path = home.join("CAS_SAN_cert.req")
    paths.write_bytes(path, b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\n")
    lab.clock.advance(timedelta(minutes=5))
    paths.write_bytes(path, b"abc", append=True)
    assert paths.read_bytes(path) == b"-----BEGIN NEW CERTIFICATE REQUEST-----\r\nabc"
    entry = paths.item(path)
    assert (entry.name, entry.is_dir, entry.length) == ("CAS_SAN_cert.req", False, 44)
    assert entry.last_write_time == START + timedelta(minutes=5)
    assert paths.item(home).last_write_time == START + timedelta(minutes=5)
    assert paths.item(home).length is None


def test_writing_keeps_the_existing_spelling_of_a_name(lab, home) -> None:
    paths.write_bytes(home.join("Cert.req"), b"1")
    paths.write_bytes(home.join("CERT.REQ"), b"2")
    assert [(e.name, e.length) for e in paths.list_dir(home)] == [("Cert.req", 1)]
    assert paths.read_bytes(at(lab, "cert.REQ", home)) == b"2"


def test_file_errors_carry_the_windows_path(lab, home) -> None:
    with pytest.raises(paths.PartNotFound) as caught:
        paths.write_bytes(at(lab, r"nosuch\x.req", home), b"")
    assert str(caught.value) == r"Could not find a part of the path 'C:\Documents and Settings\Administrator\nosuch\x.req'."
    assert caught.value.path == HOME + r"\nosuch\x.req"
    with pytest.raises(paths.AccessDenied, match=r"^Access to the path 'C:\\WINDOWS' is denied\.$"):
        paths.read_bytes(at(lab, r"c:\windows"))
    with pytest.raises(paths.AccessDenied):
        paths.write_bytes(at(lab, r"c:\windows"), b"")
    with pytest.raises(paths.ItemNotFound, match=r"^Cannot find path '\\\\cas02\\c\$\\x' because it does not exist\.$"):
        paths.item(at(lab, r"\\cas02\c$\x"))


def test_mkdir_creates_parents_and_refuses_existing_items(lab) -> None:
    lab.clock.advance(timedelta(hours=1))
    paths.mkdir(at(lab, r"c:\certs\2008\march"))
    assert [e.name for e in paths.list_dir(at(lab, r"c:\CERTS"))] == ["2008"]
    assert paths.item(at(lab, r"c:\certs\2008")).last_write_time == START + timedelta(hours=1)
    with pytest.raises(paths.ItemExists, match=r"^Item with specified name C:\\certs already exists\.$"):
        paths.mkdir(at(lab, r"c:\CERTS"))
    paths.mkdir(at(lab, r"c:\certs"), exist_ok=True)
    paths.write_bytes(at(lab, r"c:\file"), b"")
    with pytest.raises(paths.ItemExists):
        paths.mkdir(at(lab, r"c:\file\sub"))


def test_list_dir_sorts_like_windows(lab) -> None:
    root = at(lab, "c:\\")
    paths.write_bytes(root.join("b.txt"), b"12")
    paths.write_bytes(root.join("A.txt"), b"1")
    listing = paths.list_dir(root)
    assert [(e.name, e.is_dir, e.length) for e in listing] == [
        ("A.txt", False, 1),
        ("b.txt", False, 2),
        ("Documents and Settings", True, None),
        ("Program Files", True, None),
        ("WINDOWS", True, None),
    ]
    assert listing[0].path.display == r"C:\A.txt"
    with pytest.raises(paths.NotADirectory, match=r"^The directory name is invalid\.$"):
        paths.list_dir(root.join("A.txt"))
    with pytest.raises(paths.ItemNotFound):
        paths.list_dir(root.join("nosuch"))


def test_copy_to_another_computer_keeps_the_write_time(lab, home) -> None:
    source = home.join("exported_cert.pfx")
    paths.write_bytes(source, b"pfx")
    lab.clock.advance(timedelta(minutes=3))
    copied = paths.copy(source, at(lab, r"\\cas02\c$"))
    assert copied.display == r"\\cas02\c$\exported_cert.pfx"
    assert paths.read_bytes(at(lab, r"c:\exported_cert.pfx", computer="CAS02")) == b"pfx"
    assert paths.item(copied).last_write_time == START
    assert paths.item(at(lab, r"\\cas02\c$")).last_write_time == START + timedelta(minutes=3)
    with pytest.raises(paths.SameItem, match=r"^Cannot overwrite the item C:\\.*exported_cert\.pfx with itself\.$"):
        paths.copy(source, home)
    renamed = paths.copy(source, home.join("copy.pfx"))
    assert renamed.name == "copy.pfx"


def test_copy_folders(lab) -> None:
    paths.mkdir(at(lab, r"c:\src\sub"))
    paths.write_bytes(at(lab, r"c:\src\sub\f.txt"), b"f")
    assert paths.copy(at(lab, r"c:\src"), at(lab, r"c:\flat")).display == r"C:\flat"
    assert paths.list_dir(at(lab, r"c:\flat")) == []
    paths.copy(at(lab, r"c:\src"), at(lab, r"c:\deep"), recursive=True)
    assert paths.read_bytes(at(lab, r"c:\deep\sub\f.txt")) == b"f"
    with pytest.raises(paths.IntoItself, match=r"^Source and destination path must be different\.$"):
        paths.copy(at(lab, r"c:\src"), at(lab, r"c:\src\sub"), recursive=True)
    with pytest.raises(paths.ItemNotFound):
        paths.copy(at(lab, r"c:\nosuch"), at(lab, r"c:\x"))
    with pytest.raises(paths.PartNotFound):
        paths.copy(at(lab, r"c:\src\sub\f.txt"), at(lab, r"c:\nosuch\f.txt"))


def test_copy_as_folder_needs_an_existing_folder_for_a_file(lab) -> None:
    """A destination typed with a trailing separator: a file goes into an existing folder, else
    Windows refuses the name (ERROR_INVALID_NAME) and nothing is made; a folder is created as usual."""
    paths.write_bytes(at(lab, r"c:\a.txt"), b"a")
    with pytest.raises(paths.InvalidName,
                       match=r"^The filename, directory name, or volume label syntax is incorrect\.$") as caught:
        paths.copy(at(lab, r"c:\a.txt"), at(lab, "c:\\newdir\\"), as_folder=True)
    assert caught.value.path == "C:\\newdir\\"
    with pytest.raises(paths.InvalidName):
        paths.copy(at(lab, r"c:\a.txt"), at(lab, "\\\\cas02\\c$\\sub\\"), as_folder=True)
    with pytest.raises(paths.PartNotFound):  # a missing parent is the usual error
        paths.copy(at(lab, r"c:\a.txt"), at(lab, "c:\\x\\y\\"), as_folder=True)
    assert not paths.exists(at(lab, r"c:\newdir")) and not paths.exists(at(lab, r"c:\sub", computer="CAS02"))
    assert paths.copy(at(lab, r"c:\a.txt"), at(lab, "c:\\WINDOWS\\"), as_folder=True).display == r"C:\WINDOWS\a.txt"
    assert paths.copy(at(lab, r"c:\WINDOWS\system32"), at(lab, "c:\\s32\\"), as_folder=True).display == r"C:\s32"
    assert paths.copy(at(lab, r"c:\a.txt"), at(lab, r"c:\plain")).display == r"C:\plain"  # no separator: a file


def test_move_and_rename(lab, home) -> None:
    source = home.join("certnew.p7b")
    paths.write_bytes(source, b"p7b")
    moved = paths.move(source, at(lab, "c:\\"))
    assert moved.display == r"C:\certnew.p7b"
    assert not paths.exists(source)
    paths.write_bytes(source, b"again")
    with pytest.raises(paths.FileExists, match=r"^Cannot create a file when that file already exists\.$"):
        paths.move(source, moved)
    assert paths.rename(moved, "CertNew.P7B").display == r"C:\CertNew.P7B"
    assert [e.name for e in paths.list_dir(at(lab, "c:\\")) if not e.is_dir] == ["CertNew.P7B"]
    with pytest.raises(paths.NotAName, match=r"^Cannot rename because the target specified is not a path\.$"):
        paths.rename(source, r"c:\x.p7b")
    other = paths.copy(source, home.join("other"))
    with pytest.raises(paths.FileExists):
        paths.rename(other, "CERTNEW.P7B")
    with pytest.raises(paths.IntoItself):
        paths.move(at(lab, r"c:\Documents and Settings"), home)
    with pytest.raises(paths.DevicePath):
        paths.rename(source, "con")


def test_remove(lab) -> None:
    paths.mkdir(at(lab, r"c:\tree\sub"))
    paths.write_bytes(at(lab, r"c:\tree\sub\f.txt"), b"")
    with pytest.raises(paths.DirectoryNotEmpty, match=r"^The directory is not empty\.$"):
        paths.remove(at(lab, r"c:\tree"))
    paths.remove(at(lab, r"c:\tree\sub\f.txt"))
    paths.remove(at(lab, r"c:\tree"), recursive=True)
    assert not paths.exists(at(lab, r"c:\tree"))
    with pytest.raises(paths.AccessDenied, match=r"^Access to the path 'C:\\' is denied\.$"):
        paths.remove(at(lab, "c:\\"), recursive=True)
    with pytest.raises(paths.ItemNotFound):
        paths.remove(at(lab, r"c:\tree"))


def test_removing_a_link_removes_only_the_link(lab, home) -> None:
    os.symlink(lab.root / "drives" / "CAS01" / "C" / "WINDOWS", home.host_path / "win")
    paths.remove(at(lab, "win", home), recursive=True)
    assert paths.is_dir(at(lab, r"c:\WINDOWS\system32"))


def test_host_paths_of_other_labs_are_never_named(lab) -> None:
    assert Path(at(lab, r"\\dc01\c$\x").host_path).is_relative_to(lab.root / "drives" / "DC01" / "C")
