"""Golden-output tests: transcripts and script/output pairs, replayed byte for byte.

A transcript (`*.transcript`) is a console session as it appears on screen:

    # template: ehlo          header lines (before the first prompt) choose the lab template,
    # computer: CAS01         the computer the shell runs on, the console width, and a
    # width: 80               transcript whose end state this one starts from (`# after: x`)
    [PS] C:\\Documents and Settings\\Administrator>Get-ExchangeCertificate -Thumbprint `
    >> 0B2E...
    <the expected output, verbatim: blank lines and trailing spaces count>
    # a comment: `#` lines directly before a prompt
    PS> $x = 1

A command starts after `PS> `, the EMS prompt `[PS] <location>>` (optionally `[CAS02]: `
prefixed, and then the prompt itself is checked) or `PS <location>> `; `>> ` lines continue it.
Prompts a command raises are answered from its expected output, as a console shows them: the
text after `Name: ` or `(default is "Y"):`; a masked password `********` stands for the lab's
transcript secret of that length. `{{regex}}` in an expected line is a hole for values a user
cannot control. Each transcript runs in its own fresh deterministic lab.

A script `NAME.ps1` with `NAME.ps1.out` is run as `emshell --fresh --deterministic NAME.ps1`
would run it, output compared with the file; a first-line comment `# emshell: computer=DC01
width=100 exit=1` sets options and the expected exit code.
"""
from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from emshell.host.capture import CaptureHost

PROMPT_RE = re.compile(r"^(?P<prompt>PS> |(?:\[[^\]\n]+\]: )?\[PS\] [^\n>]*>|PS [^\n>]*> )(?P<command>.*)$")
HEADER_RE = re.compile(r"^#\s*(template|computer|width|after)\s*:\s*(.+?)\s*$", re.IGNORECASE)
SCRIPT_OPTIONS_RE = re.compile(r"^#\s*emshell:\s*(.*)$", re.IGNORECASE)
HOLE_RE = re.compile(r"\{\{(.+?)\}\}(?!\})")
TRANSCRIPT_SUFFIX = ".transcript"


def transcript_secret(length: int) -> str:
    """The password a masked answer of this length stands for (the same mask, the same secret)."""
    return ("P@ssw0rd" * (length // 8 + 1))[:length]


# -- transcripts ----------------------------------------------------------------------------------
@dataclass
class Step:
    prompt: str
    command_lines: list[str]
    expected: list[str]
    comments_after: list[str] = field(default_factory=list)  # `#` lines before the next prompt
    line_number: int = 0

    @property
    def command(self) -> str:
        return "\n".join(self.command_lines)

    @property
    def checks_prompt(self) -> bool:
        return self.prompt != "PS> "


@dataclass
class Transcript:
    path: Path
    header: list[str]
    steps: list[Step]
    template: str = "ehlo"
    computer: str = "CAS01"
    width: int = 80
    after: Path | None = None


def parse_transcript(path: Path) -> Transcript:
    lines = path.read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    transcript = Transcript(path, [], [])
    index = 0
    while index < len(lines) and not PROMPT_RE.match(lines[index]):
        transcript.header.append(lines[index])
        _apply_header(transcript, lines[index])
        index += 1
    while index < len(lines):
        index = _parse_step(transcript, lines, index)
    return transcript


def _apply_header(transcript: Transcript, line: str) -> None:
    match = HEADER_RE.match(line)
    if not match:
        return
    key, value = match.group(1).lower(), match.group(2)
    if key == "width":
        transcript.width = int(value)
    elif key == "after":
        transcript.after = (transcript.path.parent / value).resolve()
    else:
        setattr(transcript, key, value)


def _parse_step(transcript: Transcript, lines: list[str], index: int) -> int:
    match = PROMPT_RE.match(lines[index])
    assert match is not None
    step = Step(match.group("prompt"), [match.group("command")], [], line_number=index + 1)
    index += 1
    while index < len(lines) and lines[index].startswith(">> "):
        step.command_lines.append(lines[index][3:])
        index += 1
    start = index
    while index < len(lines) and not PROMPT_RE.match(lines[index]):
        index += 1
    block = lines[start:index]
    comments: list[str] = []
    if index < len(lines):  # `#` lines right before the next prompt are its comments
        while block and block[-1].startswith("#"):
            comments.insert(0, block.pop())
    step.expected = block
    step.comments_after = comments
    transcript.steps.append(step)
    return index


class TranscriptHost(CaptureHost):
    """A capture host that answers prompts from the step's expected output."""

    def __init__(self, width: int) -> None:
        super().__init__(width)
        self.expected = ""
        self.step_start = 0

    def begin_step(self, expected_lines: list[str]) -> None:
        self.expected = "".join(line + "\n" for line in expected_lines)
        self.step_start = len(self.text)

    def step_output(self) -> str:
        return self.text[self.step_start:]

    def _answer(self, prompt: str) -> str | None:
        written = len(self.step_output())
        if not self.expected[written:].startswith(prompt):
            return None
        start = written + len(prompt)
        end = self.expected.find("\n", start)
        return self.expected[start:end if end >= 0 else len(self.expected)]

    def read_line(self, prompt: str) -> str | None:
        self.answers = [a for a in [self._answer(prompt)] if a is not None]
        return super().read_line(prompt)

    def read_secret(self, prompt: str) -> str | None:
        mask = self._answer(prompt)
        self.answers = [] if mask is None else [transcript_secret(len(mask))]
        return super().read_secret(prompt)


@dataclass
class StepResult:
    step: Step
    actual: list[str]
    prompt_actual: str


@dataclass
class Result:
    path: Path
    passed: bool
    diff: str = ""
    results: list[StepResult] = field(default_factory=list)
    exit_code: int | None = None
    message: str = ""


def lines_of(text: str) -> list[str]:
    parts = text.split("\n")
    if parts and parts[-1] == "":
        parts.pop()
    return parts


def line_matches(expected: str, actual: str) -> bool:
    if "{{" not in expected:
        return expected == actual
    pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?:{part})"
                      for i, part in enumerate(HOLE_RE.split(expected)))
    return re.fullmatch(pattern, actual, re.DOTALL) is not None


def block_matches(expected: list[str], actual: list[str]) -> bool:
    return len(expected) == len(actual) and all(line_matches(e, a) for e, a in zip(expected, actual))


class LabSnapshots:
    """End states of transcripts other transcripts start from (`# after:`), per process."""

    def __init__(self) -> None:
        self.root: Path | None = None
        self.saved: dict[Path, tuple[Path, Result]] = {}

    def directory(self) -> Path:
        if self.root is None:
            import atexit

            self.root = Path(tempfile.mkdtemp(prefix="emshell-golden-"))
            atexit.register(shutil.rmtree, self.root, True)
        return self.root


_SNAPSHOTS = LabSnapshots()


@dataclass
class _LabSpec:
    template: str
    start_from: Path | None  # a snapshot directory to copy, or None for a fresh lab


def _prepare_lab(spec: _LabSpec, into: Path) -> None:
    from emshell.lab import manage

    if spec.start_from is not None:
        shutil.copytree(spec.start_from, into, dirs_exist_ok=True)
        return
    with manage.fresh_lab(spec.template, deterministic=True) as lab:
        lab.close()
        shutil.copytree(lab.root, into, dirs_exist_ok=True)


def run_transcript(transcript: Transcript, snapshots: LabSnapshots = _SNAPSHOTS,
                   keep_lab: Path | None = None) -> Result:
    """Replay a transcript in its own lab; `keep_lab` receives a copy of the final lab."""
    from emshell.engine.session import Session
    from emshell.lab.lab import Lab

    start_from = None
    if transcript.after is not None:
        snapshot, prerequisite = _snapshot_of(transcript.after, snapshots)
        if not prerequisite.passed:
            return Result(transcript.path, False, message=f"prerequisite {transcript.after.name} failed")
        start_from = snapshot
    workdir = Path(tempfile.mkdtemp(prefix="emshell-transcript-"))
    try:
        _prepare_lab(_LabSpec(transcript.template, start_from), workdir)
        lab = Lab(workdir)
        host = TranscriptHost(transcript.width)
        session = Session(host, lambda: lab, computer=transcript.computer.upper())
        results = []
        for step in transcript.steps:
            prompt = session.prompt()
            host.begin_step(step.expected)
            if not session.exited:
                session.execute(step.command)
            results.append(StepResult(step, lines_of(host.step_output()), prompt))
        session.close()
        if keep_lab is not None:
            shutil.copytree(workdir, keep_lab, dirs_exist_ok=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    passed = all(block_matches(r.step.expected, r.actual) and
                 (not r.step.checks_prompt or r.step.prompt == r.prompt_actual) for r in results)
    result = Result(transcript.path, passed, results=results)
    if not passed:
        result.diff = transcript_diff(transcript, results)
    return result


def _snapshot_of(path: Path, snapshots: LabSnapshots) -> tuple[Path, Result]:
    saved = snapshots.saved.get(path)
    if saved is None:
        target = snapshots.directory() / f"{len(snapshots.saved)}-{path.stem}"
        saved = (target, run_transcript(parse_transcript(path), snapshots, keep_lab=target))
        snapshots.saved[path] = saved
    return saved


def transcript_diff(transcript: Transcript, results: list[StepResult]) -> str:
    expected_text = render_transcript(transcript, [r.step.expected for r in results], results, use_actual=False)
    actual_text = render_transcript(transcript, [r.actual for r in results], results, use_actual=True)
    diff = difflib.unified_diff(expected_text.splitlines(keepends=True), actual_text.splitlines(keepends=True),
                                fromfile=f"{transcript.path} (expected)", tofile=f"{transcript.path} (actual)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)


def render_transcript(transcript: Transcript, blocks: list[list[str]], results: list[StepResult],
                      use_actual: bool) -> str:
    out: list[str] = list(transcript.header)
    for result, block in zip(results, blocks):
        step = result.step
        prompt = result.prompt_actual if use_actual and step.checks_prompt else step.prompt
        out.append(prompt + step.command_lines[0])
        out.extend(">> " + line for line in step.command_lines[1:])
        if use_actual:
            block = _keep_holes(step.expected, block)
        out.extend(block)
        out.extend(step.comments_after)
    return "".join(line + "\n" for line in out)


def _keep_holes(expected: list[str], actual: list[str]) -> list[str]:
    """An updated block keeps expected lines whose holes still match (holes survive --update)."""
    if len(expected) != len(actual):
        return actual
    return [e if "{{" in e and line_matches(e, a) else a for e, a in zip(expected, actual)]


def update_transcript(transcript: Transcript, result: Result) -> None:
    text = render_transcript(transcript, [r.actual for r in result.results], result.results, use_actual=True)
    transcript.path.write_text(text, encoding="utf-8")


# -- scripts with expected output ------------------------------------------------------------------
@dataclass
class ScriptCase:
    path: Path
    expected_path: Path
    computer: str = "CAS01"
    width: int = 80
    template: str = "ehlo"
    exit_code: int = 0


def script_case(path: Path) -> ScriptCase:
    case = ScriptCase(path, path.with_name(path.name + ".out"))
    first = path.read_text(encoding="utf-8-sig").split("\n", 1)[0]
    match = SCRIPT_OPTIONS_RE.match(first)
    if match:
        for item in match.group(1).split():
            key, _, value = item.partition("=")
            if key == "exit":
                case.exit_code = int(value)
            elif key == "width":
                case.width = int(value)
            elif key in ("computer", "template"):
                setattr(case, key, value)
    return case


def run_script_case(case: ScriptCase) -> tuple[Result, str]:
    from emshell.engine.session import Session
    from emshell.lab import manage

    expected = case.expected_path.read_text(encoding="utf-8") if case.expected_path.exists() else ""
    with manage.fresh_lab(case.template, deterministic=True) as lab:
        host = CaptureHost(case.width)
        session = Session(host, lambda: lab, computer=case.computer.upper())
        session.run_script_text(case.path.read_text(encoding="utf-8-sig"), str(case.path.name), [])
        session.close()
        code = session.exit_code if session.exit_code is not None else (0 if session.last_success else 1)
    actual = host.text
    passed = block_matches(lines_of(expected), lines_of(actual)) and code == case.exit_code
    result = Result(case.path, passed, exit_code=code)
    if not passed:
        diff = difflib.unified_diff(expected.splitlines(keepends=True), actual.splitlines(keepends=True),
                                    fromfile=f"{case.expected_path} (expected)", tofile=f"{case.expected_path} (actual)")
        result.diff = "".join(diff)
        if code != case.exit_code:
            result.diff += f"exit code: expected {case.exit_code}, got {code}\n"
    return result, actual


# -- discovery and the `emshell test` command ------------------------------------------------------------
def discover(paths: list[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.name.endswith(TRANSCRIPT_SUFFIX) or (found.suffix == ".ps1" and
                                                               found.with_name(found.name + ".out").exists()):
                    yield found
        elif path.exists():
            yield path


def run_path(path: Path, update: bool = False) -> Result:
    if path.name.endswith(TRANSCRIPT_SUFFIX):
        transcript = parse_transcript(path)
        result = run_transcript(transcript)
        if update and not result.passed and result.results:
            update_transcript(transcript, result)
        return result
    case = script_case(path)
    result, actual = run_script_case(case)
    if update and not result.passed:
        case.expected_path.write_text(actual, encoding="utf-8")
    return result


def test_command(argv: list[str], options: object) -> int:
    import sys

    update = "--update" in argv
    paths = [a for a in argv if a != "--update"]
    if not paths:
        sys.stderr.write("usage: emshell test PATH... [--update]\n")
        return 2
    passed = failed = 0
    for path in discover(paths):
        result = run_path(path, update)
        if result.passed:
            passed += 1
            continue
        failed += 1
        sys.stdout.write(f"FAIL {path}{': ' + result.message if result.message else ''}\n{result.diff}")
        if update and result.results:
            sys.stdout.write(f"updated {path}\n")
    sys.stdout.write(f"{passed} passed, {failed} failed\n")
    return 1 if failed else 0
