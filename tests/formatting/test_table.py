"""Table geometry and text (§C5, real-outputs §1 and §10.1)."""
import pytest

from emshell.engine.objects import Hashtable, PSCustomObject, PSObject
from emshell.formatting.context import FormatContext
from emshell.formatting.properties import FormatSpecError
from emshell.formatting.shape import TableShaper
from emshell.formatting.tablewriter import column_widths

from .support import AllowedServices as S
from .support import FakeCertificate, out_default, through

CTX = FormatContext()
# The header and dash lines as published (real-outputs §10.1), before [WPS] trailing padding.
HEADER = "Thumbprint                                Services   Subject"
DASHES = "----------                                --------   -------"


def test_certificate_view_at_80_columns_truncates_subject():
    certs = [
        FakeCertificate("5E4325D6195B5E2932EAE402F515172DC827D083", S.IMAP | S.POP | S.IIS | S.SMTP,
                        "CN=mail.ehlo.dk, OU=IT, O=Ehlo, L=Copenhagen, C=DK"),
        FakeCertificate("C07B19E88671134C4C4A38D72F0A587974CE137D", S(0), "CN=CAS01"),
        FakeCertificate("4CE834243B37D27F29379287D3DED6294935EB2D", S.SMTP, "CN=exactly-26-char.ehlo.dk"),
    ]
    assert out_default([certs]) == [
        "",
        HEADER + " " * 19,
        DASHES + " " * 19,
        "5E4325D6195B5E2932EAE402F515172DC827D083  IP.WS      CN=mail.ehlo.dk, OU=IT,...",
        "C07B19E88671134C4C4A38D72F0A587974CE137D  .....      CN=CAS01" + " " * 18,
        "4CE834243B37D27F29379287D3DED6294935EB2D  ....S      CN=exactly-26-char.ehlo.dk",
        "",
        "",
    ]


def test_certificate_rows_match_sample_1a_when_trailing_blanks_are_dropped():
    published = [
        "5E4325D6195B5E2932EAE402F515172DC827D083  IP.WS.     CN=mail",
        "8E309044815B47A130C6151644263D781DF839C0  ....SF     CN=Fede",
    ]
    rows = [PSCustomObject({"Thumbprint": line[:40], "Services": line[42:48], "Subject": line[53:]})
            for line in published]
    lines = through(TableShaper(CTX, [Hashtable([("e", "Thumbprint"), ("w", 41)]),
                                      Hashtable([("e", "Services"), ("w", 10)]), "Subject"]), rows)
    assert [line.rstrip() for line in lines[1:5]] == [HEADER, DASHES] + published
    assert {len(line) for line in lines[1:5]} == {79}


def _obj(name, count, enabled):
    return PSCustomObject({"Name": name, "Count": count, "Enabled": enabled})


def test_view_less_table_splits_79_columns_and_right_aligns_numbers_and_booleans():
    assert out_default([_obj("alpha", 3, True), _obj("b", 12345, False)]) == [
        "",
        "Name" + " " * 22 + " " + " " * 21 + "Count" + " " + " " * 18 + "Enabled",
        "----" + " " * 22 + " " + " " * 21 + "-----" + " " + " " * 18 + "-------",
        "alpha" + " " * 21 + " " + " " * 25 + "3" + " " + " " * 21 + "True",
        "b" + " " * 25 + " " + " " * 21 + "12345" + " " + " " * 20 + "False",
        "",
        "",
    ]


def test_view_less_table_at_120_columns():
    assert out_default([PSCustomObject({"Name": "a", "Value": 1})], width=120) == [
        "",
        "Name" + " " * 55 + " " + " " * 54 + "Value",
        "----" + " " * 55 + " " + " " * 54 + "-----",
        "a" + " " * 58 + " " + " " * 58 + "1",
        "",
        "",
    ]


def test_truncation_keeps_the_head_of_left_and_the_tail_of_right_aligned_cells():
    row = PSCustomObject({"Name": "abcdefghijklmnopqrstuvwxyz0123", "Id": "0123456789"})
    shaper = TableShaper(CTX, ["Name", Hashtable([("e", "Id"), ("width", 6), ("a", "right")]),
                               Hashtable([("l", "Multi"), ("e", lambda o: "one\ntwo")])])
    # 39 columns: Id keeps its 6, Name and Multi share the rest (16 and 15)
    assert through(shaper, [row], width=40) == [
        "",
        "Name" + " " * 12 + " " + "    Id" + " " + "Multi" + " " * 10,
        "----" + " " * 12 + " " + "    --" + " " + "-----" + " " * 10,
        "abcdefghijklm..." + " " + "...789" + " " + "one..." + " " * 9,
        "",
        "",
    ]


def test_autosize_uses_the_widest_cell_and_header_dashes_follow_labels():
    rows = [PSCustomObject({"Name": "alpha", "Size": 1234, "OK": True}),
            PSCustomObject({"Name": "b", "Size": 5, "OK": False})]
    assert through(TableShaper(CTX, auto_size=True), rows) == [
        "",
        "Name  Size    OK",
        "----  ----    --",
        "alpha 1234  True",
        "b        5 False",
        "",
        "",
    ]


def test_autosize_holds_out_of_band_lines_in_order():
    rows = ["before", PSCustomObject({"A": "x"}), "between", PSCustomObject({"A": "yy"})]
    assert through(TableShaper(CTX, auto_size=True), [rows]) == [
        "before", "", "A ", "- ", "x ", "between", "yy", "", "",
    ]


def test_wrap_cuts_cells_into_lines_of_the_column_width():
    row = PSCustomObject({"Name": "abcdefghij", "Text": "short"})
    shaper = TableShaper(CTX, [Hashtable([("e", "Name"), ("w", 6)]), "Text"], wrap=True)
    assert through(shaper, [row], width=21) == [
        "",
        "Name   Text         ",
        "----   ----         ",
        "abcdef short        ",
        "ghij" + " " * 16,
        "",
        "",
    ]


def test_long_labels_wrap_in_the_header():
    row = PSCustomObject({"CertificateDomains": "a"})
    shaper = TableShaper(CTX, [Hashtable([("e", "CertificateDomains"), ("w", 10)])])
    assert through(shaper, [row]) == [
        "", "Certificat", "eDomains  ", "----------", "a         ", "", "",
    ]


def test_hide_table_headers():
    assert through(TableShaper(CTX, ["Name"], hide_headers=True, auto_size=True),
                   [PSCustomObject({"Name": "x"})]) == ["", "x   ", "", ""]


def test_wildcards_missing_properties_and_calculated_columns():
    row = PSCustomObject({"Name": "cas01", "NameServer": "dc01", "Length": 1536})
    shaper = TableShaper(CTX, ["na*", "Nope", Hashtable([("n", "KB"), ("e", lambda o: o.ps_get("Length") / 1024),
                                                          ("f", "N2")])], auto_size=True)
    assert through(shaper, [row]) == [
        "",
        "Name  NameServer Nope   KB",
        "----  ---------- ----   --",
        "cas01 dc01" + " " * 12 + "1.50",
        "",
        "",
    ]


def test_generated_tables_show_at_most_ten_columns():
    class Wide(PSObject):
        TYPE_NAMES = ("Test.Wide", "System.Object")
        PROPERTIES = tuple(f"P{i}" for i in range(12))

        def __getattr__(self, name):
            return name

    lines = through(TableShaper(CTX, auto_size=True), [Wide()])
    assert lines[1] == "P0 P1 P2 P3 P4 P5 P6 P7 P8 P9"


@pytest.mark.parametrize("requested, width, expected", [
    ([0, 0, 0], 79, [26, 26, 25]),
    ([0, 0, 0], 119, [39, 39, 39]),
    ([41, 10, 0], 79, [41, 10, 26]),
    ([30, 0], 79, [30, 48]),
    ([5, 6], 79, [5, 6]),               # declared widths that fit are kept
    ([30, 30, 30], 79, [30, 30, 17]),   # too wide: the last column gives way
    ([50, 40, 5], 79, [50, 28, 0]),     # ... and is hidden when it would drop below 1
])
def test_column_widths(requested, width, expected):
    assert column_widths(requested, width) == expected


def test_too_wide_table_hides_the_last_column():
    row = PSCustomObject({"A": "a", "B": "b", "C": "c"})
    shaper = TableShaper(CTX, [Hashtable([("e", p), ("w", w)]) for p, w in (("A", 50), ("B", 40), ("C", 5))])
    lines = through(shaper, [row])
    assert lines[1] == "A" + " " * 49 + " B" + " " * 27
    assert lines[3] == "a" + " " * 49 + " b" + " " * 27


@pytest.mark.parametrize("spec, message", [
    (Hashtable([("x", 1), ("e", "Name")]), "Illegal key x"),
    (Hashtable([("n", "Name")]), "Missing mandatory key Expression"),
    (Hashtable([("e", "Name"), ("a", "middle")]), 'Cannot convert value "middle" to type Alignment'),
])
def test_bad_calculated_properties(spec, message):
    with pytest.raises(FormatSpecError, match=message):
        TableShaper(CTX, [spec])
