"""Shared helpers: run objects or a shaper through the writer, fake Exchange certificates."""
from __future__ import annotations

from typing import Any, Iterable

from emshell.engine.objects import PSFlags, PSObject
from emshell.formatting.context import FormatContext
from emshell.formatting.out import OutputFormatter, format_lines
from emshell.formatting.shape import Shaper
from emshell.formatting.views import TableColumn, TableView, register_view


def out_default(objects: Iterable[Any], width: int = 80) -> list[str]:
    return format_lines(objects, FormatContext(width=width))


def through(shaper: Shaper, objects: Iterable[Any], width: int = 80) -> list[str]:
    """Format-* records rendered by Out-Default, as `... | Format-Table | Out-Default`."""
    records = [record for obj in objects for record in shaper.feed(obj)] + shaper.close()
    writer = OutputFormatter(FormatContext(width=width))
    return [line for record in records for line in writer.write(record)] + writer.close()


class AllowedServices(PSFlags):
    IMAP = 1
    POP = 2
    UM = 4
    IIS = 8
    SMTP = 16


CERT_TYPE = "Test.Formatting.ExchangeCertificate"


class FakeCertificate(PSObject):
    TYPE_NAMES = (CERT_TYPE, "System.Security.Cryptography.X509Certificates.X509Certificate2",
                  "System.Object")
    PROPERTIES = ("Thumbprint", "Services", "Subject", "Status")

    def __init__(self, thumbprint: str, services: AllowedServices, subject: str) -> None:
        self.Thumbprint = thumbprint
        self.Services = services
        self.Subject = subject
        self.Status = "Valid"


def services_string(cert: FakeCertificate) -> str:
    """Exchange 2007's 5-position Services column (`IP.WS`)."""
    return "".join(letter if cert.Services & flag else "."
                   for letter, flag in zip("IPUWS", AllowedServices))


register_view(CERT_TYPE, TableView((
    TableColumn("Thumbprint", "Thumbprint", width=41),
    TableColumn("Services", services_string, width=10),
    TableColumn("Subject", "Subject"),
)))
