"""Object cmdlets: Where-Object, ForEach-Object and friends."""
from __future__ import annotations

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, ScriptBlockParam

_UTILITY = "Microsoft.PowerShell.Commands."


class WhereObject(Cmdlet):
    name = "Where-Object"
    dotnet_class = _UTILITY + "WhereObjectCommand"
    synopsis = "Creates a filter that controls which objects will be passed along a command pipeline."
    parameters = (
        Param("FilterScript", ScriptBlockParam, position=0, mandatory=True),
        Param("InputObject", object, pipeline=True),
    )
    examples = (Example("Get-ExchangeCertificate | Where-Object { $_.Status -eq 'Valid' }",
                        "Passes on only the valid certificates."),)

    def process(self) -> None:
        value = self.InputObject
        result = self.invoke_script(self.FilterScript, dollar_under=value)
        if conv.to_bool(result[0] if len(result) == 1 else result):
            self.write_object(value)


class ForEachObject(Cmdlet):
    name = "ForEach-Object"
    dotnet_class = _UTILITY + "ForEachObjectCommand"
    synopsis = "Performs an operation against each of a set of input objects."
    parameters = (
        Param("Process", list[ScriptBlockParam], position=0, mandatory=True),
        Param("Begin", ScriptBlockParam),
        Param("End", ScriptBlockParam),
        Param("InputObject", object, pipeline=True),
    )
    examples = (Example("1..5 | ForEach-Object { $_ * 2 }", "Doubles each number."),)

    def begin(self) -> None:
        if self.Begin is not None:
            self.write_objects(self.invoke_script(self.Begin))

    def process(self) -> None:
        for block in self.Process:
            self.write_objects(self.invoke_script(block, dollar_under=self.InputObject))

    def end(self) -> None:
        if self.End is not None:
            self.write_objects(self.invoke_script(self.End))


CMDLETS = (WhereObject, ForEachObject)
ALIASES = {"where": "Where-Object", "?": "Where-Object", "foreach": "ForEach-Object", "%": "ForEach-Object"}
