"""The view registry: most derived type name wins, one view per shape."""
from emshell.formatting.views import (
    ListItem, ListView, TableColumn, TableView, find_view, register_view,
)

BASE = TableView((TableColumn("Base", "Name"),))
DERIVED = TableView((TableColumn("Derived", "Name"),))
DERIVED_LIST = ListView((ListItem("Name", "Name"),))


def test_most_derived_type_name_wins_and_shapes_are_separate():
    register_view("Test.Views.Base", BASE)
    register_view("Test.Views.Derived", DERIVED_LIST)
    names = ("Test.Views.Derived", "Test.Views.Base", "System.Object")
    assert find_view(names) == ("Test.Views.Derived", DERIVED_LIST)
    assert find_view(names, "table") == ("Test.Views.Base", BASE)
    assert find_view(names, "custom") is None
    assert find_view(("test.views.base",)) == ("test.views.base", BASE)   # case-insensitive


def test_registering_the_same_shape_again_replaces_the_view():
    register_view("Test.Views.Replaced", BASE)
    register_view("Test.Views.Replaced", DERIVED)
    assert find_view(("Test.Views.Replaced",), "table") == ("Test.Views.Replaced", DERIVED)


def test_built_in_views():
    assert find_view(("System.Collections.DictionaryEntry",))[1].columns[0].width == 30
    assert find_view(("System.DateTime",))[1].shape == "custom"
    assert find_view(("System.Management.Automation.ErrorRecord",))[1].out_of_band


def test_a_type_is_shown_with_the_runtime_type_table() -> None:
    from emshell.host.capture import run_commands

    header = "IsPublic IsSerial Name                                     BaseType"
    assert run_commands("[int]; 'x'.GetType(); [string[]]; [object]").splitlines() == [
        "", header.ljust(79), "-------- -------- ----                                     --------".ljust(79),
        "True     True     Int32                                    System.ValueType".ljust(79),
        "True     True     String                                   System.Object".ljust(79),
        "True     True     String[]                                 System.Array".ljust(79),
        "True     True     Object".ljust(79), "", "",
    ]
