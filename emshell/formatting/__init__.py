"""Objects -> text: views, Format-Table/Format-List shapers, the Out-Default writer, host messages.

Modules: `context` (what the engine plugs in), `views` (views as data, registry), `render`
(value -> text), `netformat` (.NET format strings), `properties` (-Property lists),
`shape` (Format-* shapers emitting `records`), `out` (the Out-Default state machine, using
`tablewriter` and `listwriter`), `messages` (errors, warnings, prompts), `text` (wrapping).
"""
