"""Which of the services an Exchange server's roles need are running (Test-ServiceHealth).

The required services per role are data (service_catalog.EXCHANGE_REQUIRED_SERVICES); whether
each runs is the computer's service state. A required service the computer lacks counts as not
running.
"""
from __future__ import annotations

from typing import NamedTuple

from emshell.lab import computers
from emshell.lab.lab import Lab
from emshell.lab.service_catalog import EXCHANGE_REQUIRED_SERVICES


class RoleHealth(NamedTuple):
    role: str  # "Client Access Server Role"
    running: tuple[str, ...]
    not_running: tuple[str, ...]

    @property
    def required_services_running(self) -> bool:
        return not self.not_running


def service_health(lab: Lab, computer: str) -> list[RoleHealth]:
    """One entry per Exchange role of the computer, in ServerRole order."""
    machine = computers.get_computer(lab, computer)
    status = {s.name.lower(): s.status for s in computers.list_services(lab, machine.name)}
    report = []
    for role, (label, required) in EXCHANGE_REQUIRED_SERVICES.items():
        if role not in machine.roles:
            continue
        names = sorted(required, key=str.lower)
        running = tuple(n for n in names if status.get(n.lower()) == "Running")
        report.append(RoleHealth(label, running, tuple(n for n in names if n not in running)))
    return report
