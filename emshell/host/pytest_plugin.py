"""pytest plugin: collects golden transcripts (`*.transcript`) and script pairs (`X.ps1` + `X.ps1.out`).

Installed as a pytest11 entry point, so `pytest` runs them beside unit tests (and in parallel
under pytest-xdist). `--update-goldens` rewrites the expected output of failing ones, never
their commands.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from emshell.host import golden


def pytest_addoption(parser: Any) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="rewrite the expected output of failing emshell transcripts and scripts")


def pytest_collect_file(parent: Any, file_path: Path) -> Any:
    name = file_path.name
    if name.endswith(golden.TRANSCRIPT_SUFFIX) or (
            file_path.suffix == ".ps1" and file_path.with_name(name + ".out").exists()):
        return GoldenFile.from_parent(parent, path=file_path)
    return None


class GoldenFile(pytest.File):
    def collect(self) -> Any:
        yield GoldenItem.from_parent(self, name=self.path.name)


class GoldenFailure(Exception):
    pass


class GoldenItem(pytest.Item):
    def runtest(self) -> None:
        update = self.config.getoption("--update-goldens")
        result = golden.run_path(Path(self.path), update=update)
        if not result.passed:
            raise GoldenFailure(result.message or result.diff)

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, GoldenFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Any, int, str]:
        return self.path, 0, f"golden: {self.path.name}"
