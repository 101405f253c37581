"""Where labs live, and creating, opening, resetting and describing them.

A lab records in its meta values the template it was built from (the name or path given,
and the validated content), so `reset_lab` rebuilds exactly that organisation with the same
deterministic flag and seed, even if the template file has since moved or changed.
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator, Mapping

from emshell.lab.computers import list_computers
from emshell.lab.lab import DB_NAME, Lab, LabError

LAB_ENVIRONMENT_VARIABLE = "EMSHELL_LAB"


class LabExists(LabError):
    def __init__(self, root: Path) -> None:
        super().__init__(f"A lab already exists at '{root}'.")


def default_lab_dir() -> Path:
    """<user data dir>/emshell/labs/default (platformdirs, imported only when needed)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("emshell", appauthor=False)) / "labs" / "default"


def resolve_lab_dir(explicit: str | None, environ: Mapping[str, str]) -> Path:
    """--lab DIR, else $EMSHELL_LAB, else the default lab."""
    chosen = explicit or environ.get(LAB_ENVIRONMENT_VARIABLE)
    return Path(chosen).expanduser() if chosen else default_lab_dir()


def create_lab(path: str | Path, template: str = "ehlo", deterministic: bool = False, seed: str = "emshell") -> Lab:
    """A new lab at `path`, built from `template` (a packaged name or a file path)."""
    from emshell.lab.template import load_template  # only creating needs templates (start-up time)

    root = Path(path)
    if (root / DB_NAME).exists():
        raise LabExists(root)
    return _create(root, template, load_template(template), deterministic, seed)


def open_lab(
    path: str | Path, create_if_missing: bool = True, template: str = "ehlo", deterministic: bool = False
) -> Lab:
    """The lab at `path`; created from `template` when there is none, unless told not to."""
    root = Path(path)
    if (root / DB_NAME).exists() or not create_if_missing:
        return Lab(root)
    return create_lab(root, template, deterministic)


def reset_lab(path: str | Path) -> Lab:
    """Rebuild the lab at `path` from its recorded template, keeping its deterministic flag and seed."""
    root = Path(path)
    lab = Lab(root)
    try:
        name = lab.store.meta_get("lab.template")
        content = lab.store.meta_get("lab.template_content")
        seed = bytes.fromhex(lab.store.meta_get("random.seed")).decode()
        deterministic = lab.deterministic
    finally:
        lab.close()
    if content is None:
        raise LabError(f"The lab at '{root}' does not record the template it was built from.")
    _remove_lab_files(root)
    return _create(root, name, content, deterministic, seed)


def lab_info(lab: Lab) -> dict:
    return {
        "path": str(lab.root),
        "template": lab.store.meta_get("lab.template"),
        "deterministic": lab.deterministic,
        "created": datetime.fromisoformat(lab.store.meta_get("lab.created")),
        "lab_time": lab.clock.now(),
        "computers": [computer.name for computer in list_computers(lab)],
    }


@contextmanager
def fresh_lab(template: str = "ehlo", deterministic: bool = False) -> Iterator[Lab]:
    """A throw-away lab in a temporary directory, removed afterwards (--fresh)."""
    root = Path(tempfile.mkdtemp(prefix="emshell-lab-"))
    try:
        lab = _copy_pristine(template, root) if deterministic else create_lab(root, template, deterministic)
        try:
            yield lab
        finally:
            lab.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


# Deterministic labs of one template are identical byte for byte, so a process builds each once
# and copies it for every further fresh lab (golden tests start hundreds of them).
_PRISTINE: dict[str, Path] = {}


def _copy_pristine(template: str, root: Path) -> Lab:
    source = _PRISTINE.get(template)
    if source is None:
        source = Path(tempfile.mkdtemp(prefix="emshell-pristine-"))
        atexit.register(shutil.rmtree, source, True)
        create_lab(source, template, deterministic=True).close()
        _PRISTINE[template] = source
    shutil.copytree(source, root, dirs_exist_ok=True)
    return Lab(root)


def _create(root: Path, name: str, content: dict, deterministic: bool, seed: str) -> Lab:
    from emshell.lab.builder import build  # opening an existing lab needs no builder (start-up time)

    lab = Lab.initialise(root, deterministic=deterministic, seed=seed)
    try:
        with lab.transaction():
            lab.store.meta_set("lab.template", name)
            lab.store.meta_set("lab.template_content", content)
            lab.store.meta_set("lab.created", lab.clock.now().isoformat())
            build(lab, content)
    except BaseException:
        lab.close()
        _remove_lab_files(root)  # leave no half-built lab behind
        raise
    return lab


def _remove_lab_files(root: Path) -> None:
    """Delete what a lab consists of, and nothing else that may share its folder."""
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        (root / name).unlink(missing_ok=True)
    shutil.rmtree(root / "drives", ignore_errors=True)
