"""Parameter binding rules (powershell-semantics.md §B) and their error texts, through the engine."""
from __future__ import annotations

from emshell.engine.cmdlet import Cmdlet, Param, Switch
from emshell.engine.objects import PSCustomObject, PSFlags
from emshell.host.capture import captured_session


class Services(PSFlags):
    __ps_type__ = "Test.Services"
    None_ = 0
    IMAP = 1
    POP = 2
    IIS = 8


Services._member_map_["None"] = Services.None_  # .NET's member is called None


class BindingProbe(Cmdlet):
    name = "Test-Binding"
    dotnet_class = "Test.TestBindingCommand"
    supports_should_process = True
    default_set = "ByName"
    parameters = (
        Param("Thumbprint", str, position=0, pipeline=True, pipeline_by_name=True, sets=("ByName",)),
        Param("Instance", object, sets=("ByInstance",), mandatory=True),
        Param("DomainName", list[str], aliases=("Domains",)),
        Param("FriendlyName", str),
        Param("Force", Switch),
        Param("KeySize", int),
        Param("Exportable", bool),
        Param("Services", Services),
        Param("Count", int, mandatory=True, sets=("ByName",)),
    )

    def process(self) -> None:
        shown = {name: self.bound[name] for name in sorted(self.bound)}
        self.write_object(f"{self.parameter_set}: " + "; ".join(f"{k}={_show(v)}" for k, v in shown.items()))


def _show(value: object) -> str:
    if isinstance(value, list):
        return "[" + ",".join(map(str, value)) + "]"
    if isinstance(value, PSFlags):
        return value.ps_to_string()
    return str(value)


def error(message: str, *position: str) -> str:
    """The PowerShell 1.0 error layout: the message hard-wrapped at 79 columns, then the position."""
    lines = [message[i:i + 79] for i in range(0, len(message), 79)]
    return "".join(line + "\n" for line in (*lines, *position))


def run(*commands: str, answers: list[str] | None = None) -> str:
    with captured_session(answers=answers) as (session, host):
        session.commands._load()
        session.commands.cmdlets["test-binding"] = BindingProbe
        for command in commands:
            session.execute(command)
        return host.text


def test_prefix_alias_case_and_en_dash() -> None:
    assert run("Test-Binding -thumb ab -DOMAINS a.dk,b.dk \u2013Count 1") == \
        "ByName: Count=1; DomainName=[a.dk,b.dk]; Thumbprint=ab\n"


def test_declared_parameter_wins_over_common_prefix() -> None:
    # -D matches DomainName and the common -Debug: the declared one is preferred (§B1).
    assert run("Test-Binding -D x.dk -Count 1") == "ByName: Count=1; DomainName=[x.dk]\n"


def test_ambiguous_parameter() -> None:
    assert run("Test-Binding -F x -Count 1") == error(
        "Test-Binding : Parameter cannot be processed because the parameter name 'F' is ambiguous. "
        "Possible matches include: -FriendlyName -Force.",
        "At line:1 char:16",
        "+ Test-Binding -F  <<<< x -Count 1")


def test_unknown_parameter_layout() -> None:
    assert run("Test-Binding -Foo 1") == (
        "Test-Binding : A parameter cannot be found that matches parameter name 'Foo'.\n"
        "At line:1 char:18\n"
        "+ Test-Binding -Foo  <<<< 1\n")


def test_positional_and_leftover() -> None:
    assert run("Test-Binding abc -Count 2") == "ByName: Count=2; Thumbprint=abc\n"
    assert run("Test-Binding abc def -Count 2") == error(
        "Test-Binding : A positional parameter cannot be found that accepts argument 'def'.",
        "At line:1 char:21",
        "+ Test-Binding abc def  <<<< -Count 2")


def test_switch_values_and_missing_argument() -> None:
    assert run("Test-Binding -Force:$false -Count 1") == "ByName: Count=1; Force=False\n"
    assert run("Test-Binding -Count") == error(
        "Test-Binding : Missing an argument for parameter 'Count'. Specify a parameter of type "
        "'System.Int32' and try again.",
        "At line:1 char:20",
        "+ Test-Binding -Count <<<< ")


def test_specified_twice() -> None:
    assert run("Test-Binding -Count 1 -Count 2") == error(
        "Test-Binding : Cannot bind parameter because parameter 'Count' is specified more than once. To "
        "provide multiple values to parameters that can accept multiple values, use the array syntax. For "
        'example, "-parameter value1,value2,value3".',
        "At line:1 char:29",
        "+ Test-Binding -Count 1 -Count  <<<< 2")


def test_conversions() -> None:
    assert run("Test-Binding -Count '12' -KeySize 1kb") == "ByName: Count=12; KeySize=1024\n"
    assert run("Test-Binding -Count abc") == error(
        "Test-Binding : Cannot bind parameter 'Count'. Cannot convert value \"abc\" to type \"System.Int32\". "
        "Error: \"Input string was not in a correct format.\"",
        "At line:1 char:20",
        "+ Test-Binding -Count  <<<< abc")
    assert run("Test-Binding -Count 1 -Exportable yes") == error(
        "Test-Binding : Cannot bind parameter 'Exportable'. Cannot convert value \"yes\" to type "
        "\"System.Boolean\". Boolean parameters accept only Boolean values and numbers, such as $True, $False, "
        "1 or 0.",
        "At line:1 char:34",
        "+ Test-Binding -Count 1 -Exportable  <<<< yes")


def test_flags_enum_from_string_and_array() -> None:
    assert run('Test-Binding -Count 1 -Services "IIS, POP, IMAP"') == "ByName: Count=1; Services=IMAP, POP, IIS\n"
    assert run("Test-Binding -Count 1 -Services IIS,POP") == "ByName: Count=1; Services=POP, IIS\n"
    assert run("Test-Binding -Count 1 -Services iis") == "ByName: Count=1; Services=IIS\n"
    assert "due to invalid enumeration values" in run("Test-Binding -Count 1 -Services FTP")


def test_parameter_sets() -> None:
    assert run("Test-Binding -Instance x") == "ByInstance: Instance=x\n"
    assert run("Test-Binding -Instance x -Thumbprint y") == error(
        "Test-Binding : Parameter set cannot be resolved using the specified named parameters.",
        # No token is to blame (PS 3.0+ underlines the whole command): 1.0 points after the name.
        "At line:1 char:13",
        "+ Test-Binding  <<<< -Instance x -Thumbprint y")


def test_pipeline_by_value_and_by_property_name() -> None:
    assert run("'t1', 't2' | Test-Binding -Count 3") == (
        "ByName: Count=3; Thumbprint=t1\nByName: Count=3; Thumbprint=t2\n")
    with captured_session() as (session, host):
        session.commands._load()
        session.commands.cmdlets["test-binding"] = BindingProbe
        session.global_scope.set("o", PSCustomObject({"Thumbprint": "fromprop"}))
        session.execute("$o | Test-Binding -Count 1")
        assert host.text == "ByName: Count=1; Thumbprint=fromprop\n"


def test_mandatory_prompt_and_non_interactive_error() -> None:
    assert run("Test-Binding x", answers=["5"]) == (
        "\n"
        "cmdlet Test-Binding at command pipeline position 1\n"
        "Supply values for the following parameters:\n"
        "Count: 5\n"
        "ByName: Count=5; Thumbprint=x\n")
    with captured_session() as (session, host):
        session.non_interactive = True
        session.commands._load()
        session.commands.cmdlets["test-binding"] = BindingProbe
        session.execute("Test-Binding x")
        assert host.text == error(
            "Test-Binding : Cannot process command because of one or more missing mandatory parameters: Count.",
            "At line:1 char:13",
            "+ Test-Binding  <<<< x")


def test_common_parameters() -> None:
    assert run("Write-Error boom -ErrorAction SilentlyContinue; $Error.Count") == "1\n"
    assert run("Write-Error boom -ErrorVariable ev 2>&1 | Out-Null; $ev.Count") == "1\n"
    assert run("Write-Output 3 -OutVariable ov | Out-Null; $ov") == "3\n"
    assert run("Write-Output 3 -OutVariable ov | Out-Null; Write-Output 4, 5 -OutVariable +ov | Out-Null; "
               "$ov -join ','") == "3,4,5\n"
    assert run("Test-Binding x -Count 1 -WhatIf") == "ByName: Count=1; Thumbprint=x; WhatIf=True\n"
