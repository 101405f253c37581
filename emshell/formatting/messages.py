"""Text the host writes outside the object formatting: errors, warnings, prompts.

Every function takes the console *buffer* width and returns lines without newlines; the
usable width is one less (§C7). Prompt functions return the prompt text the host writes
without a newline before reading the answer on the same line.
"""
from __future__ import annotations

from typing import Sequence

from emshell.engine.errors import ErrorRecord, ScriptPosition
from emshell.formatting.text import hard_wrap, split_lines, word_wrap

MARKER = " <<<< "  # PowerShell 1.0 position marker (real-outputs §10.4)


# -- errors (PowerShell 1.0 layout: real-outputs §7A, §7C, §10.4) ----------------------------

def position_text(position: ScriptPosition) -> list[str]:
    """`At line:L char:C` and the source line with the marker after `marker` characters."""
    where = position.file or "line"
    source = position.line_text
    return [
        f"At {where}:{position.line_number} char:{position.column}",
        "+ " + source[:position.marker] + MARKER + source[position.marker:],
    ]


def error_text(record: ErrorRecord) -> list[str]:
    """The error's logical lines: `Command : message`, then the position (no CategoryInfo in 1.0)."""
    message = record.message
    if record.command_name and not record.is_parse_error:
        message = f"{record.command_name} : {message}"
    lines = split_lines(message)
    if record.position is not None:
        lines += position_text(record.position)
    return lines


def render_error(record: ErrorRecord, width: int) -> list[str]:
    """Each line hard-wrapped at width - 1, mid-word, no indent (7A, 7C)."""
    return [piece for line in error_text(record) for piece in hard_wrap(line, width - 1)]


# -- warning / verbose / debug streams (7A) ---------------------------------------------------

def _prefixed(prefix: str, text: str, width: int) -> list[str]:
    return word_wrap(prefix + text, width - 1)


def render_warning(text: str, width: int) -> list[str]:
    return _prefixed("WARNING: ", text, width)


def render_verbose(text: str, width: int) -> list[str]:
    return _prefixed("VERBOSE: ", text, width)


def render_debug(text: str, width: int) -> list[str]:
    return _prefixed("DEBUG: ", text, width)


# -- Confirm (ShouldProcess / PromptForChoice, 7A and §10.3) ---------------------------------

# ShouldProcess's choices and their `?` help texts; `[?] Help` is always added after them.
SHOULD_PROCESS_CHOICES = (
    ("&Yes", "Continue with only the next step of the operation."),
    ("Yes to &All", "Continue with all the steps of the operation."),
    ("&No", "Skip this operation and proceed to the next operation."),
    ("No to A&ll", "Skip this operation and all subsequent operations."),
    ("&Suspend", 'Pause the current pipeline and return to the command prompt. Type "exit" to resume '
                 "the pipeline."),
)
YES_NO_CHOICES = tuple(label for label, _ in SHOULD_PROCESS_CHOICES)


def choice_parts(label: str) -> tuple[str, str]:
    """`Yes to &All` -> ("A", "Yes to All"): the hot key is the letter after `&`."""
    index = label.find("&")
    if index < 0 or index + 1 >= len(label):
        return "", label
    return label[index + 1].upper(), label[:index] + label[index + 1:]


def render_confirm(caption: str, message: str, choices: Sequence[str] = YES_NO_CHOICES,
                   default: int | None = 0, width: int = 80) -> list[str]:
    """Blank line, caption, word-wrapped message, then the choice line(s).

    The last line is the prompt; the answer is typed right after its colon.
    """
    lines = [""]
    if caption:
        lines.append(caption)
    if message:
        lines += word_wrap(message, width - 1)
    return lines + render_choices(choices, default, width)


def render_choices(choices: Sequence[str], default: int | None, width: int) -> list[str]:
    """`[Y] Yes  [N] No  [?] Help (default is "Y"):`, written again after `?` help.

    A piece that does not fit on the line starts a new one (`(default is "Y"):` alone in 7A).
    """
    pieces = []
    for label in choices:
        key, text = choice_parts(label)
        pieces.append(f"[{key}] {text}  " if key else f"{text}  ")
    pieces.append("[?] Help ")
    if default is not None:
        pieces.append(f'(default is "{choice_parts(choices[default])[0]}"):')
    lines = [""]
    for piece in pieces:
        if lines[-1] and len(lines[-1]) + len(piece) > width - 1:
            lines.append("")
        lines[-1] += piece
    return lines


def confirm_help(choices: Sequence[tuple[str, str]] = SHOULD_PROCESS_CHOICES) -> list[str]:
    """The answer `?` prints `K - help` for each choice, then the choices are shown again."""
    return [f"{choice_parts(label)[0]} - {text}" for label, text in choices]


# -- parameter and credential prompts (§B7, real-outputs §7G console form) -------------------

def render_mandatory_prompt_header(command_name: str, position: int,
                                   help_available: bool = False) -> list[str]:
    lines = [
        "",
        f"cmdlet {command_name} at command pipeline position {position}",
        "Supply values for the following parameters:",
    ]
    if help_available:
        lines.append("(Type !? for Help.)")
    return lines


def render_parameter_prompt(name: str, index: int | None = None) -> str:
    """`Name: `, or `Name[0]: ` for each element of an array parameter."""
    return f"{name}: " if index is None else f"{name}[{index}]: "


def render_credential_user_prompt() -> str:
    return "User: "


def render_credential_password_prompt(user: str) -> str:
    """The host echoes one `*` per typed character after this prompt."""
    return f"Password for user {user}: "
