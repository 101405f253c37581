"""Start-Transcript / Stop-Transcript: record the session as a replayable emshell transcript.

The file is written in the golden-transcript format (see `emshell.host.golden`): the EMS prompt
and each command, then exactly what the console showed, prompts and masked passwords included,
so `emshell test` can replay it against a fresh deterministic lab.
"""
from __future__ import annotations

from typing import Any

from emshell.engine.cmdlet import Cmdlet, Example, Param, Switch

_HOST = "Microsoft.PowerShell.Commands."


class TranscriptRecorder:
    """Collects commands and what the host showed for each, until Stop-Transcript."""

    def __init__(self, session: Any, path: Any, append: bool) -> None:
        self.session = session
        self.path = path
        self.append = append
        self.entries: list[list[str]] = []  # [prompt+first line, continuation..., output text]
        self.outputs: list[list[str]] = []
        self.host = session.host
        session.host = _TeeHost(self.host, self)
        session.transcript = self

    def command(self, prompt: str, text: str) -> None:
        lines = text.split("\n")
        self.entries.append([prompt + lines[0], *(">> " + line for line in lines[1:])])
        self.outputs.append([])

    def output(self, text: str) -> None:
        if self.outputs:
            self.outputs[-1].append(text)

    def finish(self) -> str:
        """Detach, drop the running Stop-Transcript command, and return the transcript text."""
        self.session.host = self.host
        self.session.transcript = None
        entries, outputs = self.entries[:-1], self.outputs[:-1]
        header = ["# Recorded by Start-Transcript in emshell; replay with: emshell test <file>",
                  f"# computer: {self.session.computer}", f"# width: {self.host.width}"]
        body = "".join("".join(line + "\n" for line in entry) + "".join(output)
                       for entry, output in zip(entries, outputs))
        return "".join(line + "\n" for line in header) + body


class _TeeHost:
    """The real host, with everything it shows copied to the recorder."""

    def __init__(self, inner: Any, recorder: TranscriptRecorder) -> None:
        self.inner = inner
        self.recorder = recorder

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def write_lines(self, stream: str, lines: list[str]) -> None:
        self.inner.write_lines(stream, lines)
        self.recorder.output("".join(line + "\n" for line in lines))

    def write_text(self, text: str) -> None:
        self.inner.write_text(text)
        self.recorder.output(text)

    def read_line(self, prompt: str) -> str | None:
        answer = self.inner.read_line(prompt)
        self.recorder.output(prompt + (answer or "") + "\n")
        return answer

    def read_secret(self, prompt: str) -> str | None:
        answer = self.inner.read_secret(prompt)
        self.recorder.output(prompt + "*" * len(answer or "") + "\n")
        return answer


class StartTranscript(Cmdlet):
    name = "Start-Transcript"
    dotnet_class = _HOST + "StartTranscriptCommand"
    synopsis = "Creates a record of all or part of a Windows PowerShell session in a text file."
    description = ("Records the commands and everything the console shows, in emshell's transcript format, "
                   "so `emshell test` can replay the session against a fresh deterministic lab.")
    parameters = (
        Param("Path", str, position=0),
        Param("Append", Switch),
        Param("Force", Switch),
        Param("NoClobber", Switch),
    )
    examples = (Example("Start-Transcript -Path c:\\article.transcript",
                        "Records the session in C:\\article.transcript on the lab computer."),)

    def process(self) -> None:
        from emshell.lab import paths

        if self.session.transcript is not None:
            self.throw_terminating("Transcription has already been started. Use the stop-transcript command to "
                                   "stop transcription.", "CannotStartTranscription", "InvalidOperation",
                                   exception_type="PSInvalidOperationException")
        stamp = self.session.lab_now().strftime("%Y%m%d%H%M%S")
        default = f"{self.session.profile.home}\\My Documents\\PowerShell_transcript.{stamp}.txt"
        try:
            path = self.session.resolve_path(self.Path or default)
        except paths.PathError as error:
            self.throw_terminating(str(error), "CannotStartTranscription", "OpenError",
                                   exception_type="IOException")
        # The transcript file opens now (it is written when the transcript stops): a folder or a
        # missing folder fails here, as FileStream does; only the default folder is created.
        failure = paths.AccessDenied if paths.exists(path) and paths.is_dir(path) else \
            paths.PartNotFound if self.Path and path.parent is not None and not paths.exists(path.parent) else None
        if failure is not None:
            self.throw_terminating(str(failure(path.display)), "CannotStartTranscription", "OpenError",
                                   exception_type="IOException")
        if self.NoClobber and paths.exists(path) and not self.Append:
            self.throw_terminating(f"The file '{path.display}' already exists.", "NoClobber", "ResourceExists",
                                   exception_type="IOException")
        TranscriptRecorder(self.session, path, bool(self.Append))
        self.write_object(f"Transcript started, output file is {path.display}")


class StopTranscript(Cmdlet):
    name = "Stop-Transcript"
    dotnet_class = _HOST + "StopTranscriptCommand"
    synopsis = "Stops a transcript."

    def process(self) -> None:
        from emshell.lab import paths

        recorder = self.session.transcript
        if recorder is None:
            self.throw_terminating("An error occurred stopping transcription: The host is not currently transcribing.",
                                   "CannotStopTranscription", "InvalidOperation",
                                   exception_type="PSInvalidOperationException")
        text = recorder.finish()
        parent = recorder.path.parent
        if parent is not None and not paths.exists(parent):
            paths.mkdir(parent, exist_ok=True)
        paths.write_bytes(recorder.path, text.encode("utf-8"), append=recorder.append and paths.exists(recorder.path))
        self.write_object(f"Transcript stopped, output file is {recorder.path.display}")


CMDLETS = (StartTranscript, StopTranscript)
