"""Invoke-WebRequest: a Windows PowerShell 3.0 cmdlet, offered anyway as the lab's browser.

The request goes out over the lab's network from the computer the shell runs on
(`emshell.lab.clientaccess.request`): the name is resolved, the NLB cluster picks a node, the
node presents its certificate and this computer checks it against its own trust stores. A
certificate a browser would warn about fails the way .NET fails it ("Could not establish trust
relationship for the SSL/TLS secure channel."). The answering node shows in the X-FEServer
header. The response is parsed as with -UseBasicParsing (the lab has no Internet Explorer DOM);
its list view is Windows PowerShell's (Content and RawContent cut at 200 characters).
"""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

from emshell.engine import conversion as conv
from emshell.engine.cmdlet import Cmdlet, Example, Param, PSCredentialType, Switch
from emshell.engine.objects import PSCustomObject, PSEnum, PSObject
from emshell.engine.types import PSType, register_enum
from emshell.formatting.views import ListItem, ListView, register_view
from emshell.lab import clientaccess
from emshell.lab.lab import LabError

from emshell.cmdlets.client_access import URI

_COMMANDS = "Microsoft.PowerShell.Commands."


class WebRequestMethod(PSEnum):
    __ps_type__ = _COMMANDS + "WebRequestMethod"
    Default, Get, Head, Post, Put, Delete, Trace, Options, Merge, Patch = range(10)


register_enum(WebRequestMethod)

SHOWN = 200  # characters of Content / RawContent the list view shows


def _to_web_uri(value: Any) -> str:
    """A URI without a scheme is taken as http:// (WebRequestPSCmdlet.PrepareUri)."""
    text = conv.expand_string(value).strip()
    return URI.convert(text if "://" in text else "http://" + text)


WEB_URI = PSType("System.Uri", _to_web_uri, lambda v: isinstance(v, str))


class HeaderDictionary(PSObject):
    """The Headers property: a Dictionary<String,String>; `$r.Headers['X-FEServer']` reads one."""

    TYPE_NAMES = ("System.Collections.Generic.Dictionary`2[[System.String],[System.String]]", "System.Object")

    def __init__(self, headers: tuple[tuple[str, str], ...]) -> None:
        for name, value in headers:
            self.ps_add_note(name, value)

    def ps_to_string(self) -> str:
        """Shown as the collection of its KeyValuePairs, `{[Name, value], ...}`."""
        return "{" + ", ".join(f"[{name}, {self.ps_get(name)}]" for name in self.ps_property_names()) + "}"


class BasicHtmlWebResponseObject(PSObject):
    TYPE_NAMES = (_COMMANDS + "BasicHtmlWebResponseObject", _COMMANDS + "WebResponseObject", "System.Object")
    PROPERTIES = ("Content", "StatusCode", "StatusDescription", "RawContent", "RawContentLength", "Headers",
                  "Forms", "InputFields", "Links", "Images", "ParsedHtml")

    def __init__(self, response: clientaccess.Response) -> None:
        elements = _Elements.parse(response.body)
        self.Content = response.body
        self.StatusCode = response.status
        self.StatusDescription = response.reason
        head = [f"HTTP/1.1 {response.status} {response.reason}"] + [f"{n}: {v}" for n, v in response.headers]
        self.RawContent = "\r\n".join(head) + "\r\n\r\n" + response.body
        self.RawContentLength = len(response.body.encode("utf-8"))
        self.Headers = HeaderDictionary(response.headers)
        self.Forms = None  # no DOM with basic parsing
        self.InputFields = elements.of("input")
        self.Links = elements.of("a")
        self.Images = elements.of("img")
        self.ParsedHtml = None

    def ps_to_string(self) -> str:
        return self.Content


def _shortened(name: str) -> Any:
    """Windows PowerShell's view script: the first 200 characters, `...` when there may be more."""
    def value(obj: BasicHtmlWebResponseObject) -> str:
        text = getattr(obj, name)[:SHOWN]
        return text + "..." if len(text) == SHOWN else text
    return value


register_view(BasicHtmlWebResponseObject.TYPE_NAMES[0], ListView((
    ListItem("StatusCode", "StatusCode"), ListItem("StatusDescription", "StatusDescription"),
    ListItem("Content", _shortened("Content")), ListItem("RawContent", _shortened("RawContent")),
    ListItem("Forms", "Forms"), ListItem("Headers", "Headers"), ListItem("Images", "Images"),
    ListItem("InputFields", "InputFields"), ListItem("Links", "Links"), ListItem("ParsedHtml", "ParsedHtml"),
    ListItem("RawContentLength", "RawContentLength"))))


class _Elements(HTMLParser):
    """The elements basic parsing lists: each its outerHTML, tagName and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, PSCustomObject]] = []

    @classmethod
    def parse(cls, html: str) -> "_Elements":
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        outer = self.get_starttag_text() or f"<{tag}>"
        values = [("outerHTML", outer), ("tagName", tag.upper())] + [(k, v or "") for k, v in attrs]
        self.found.append((tag, PSCustomObject(values)))

    def of(self, tag: str) -> list[PSCustomObject]:
        return [element for name, element in self.found if name == tag]


class InvokeWebRequest(Cmdlet):
    name = "Invoke-WebRequest"
    dotnet_class = _COMMANDS + "InvokeWebRequestCommand"
    synopsis = "Gets content from a web page on the Internet."
    description = ("Sends an HTTP or HTTPS request from this lab computer and returns the response: status, "
                   "headers (X-FEServer names the node that answered) and content. The server's certificate is "
                   "checked as this computer sees it; one a browser would warn about fails the request. (A "
                   "Windows PowerShell 3.0 cmdlet: emshell offers it on the 1.0 shell as the lab's browser.)")
    parameters = (
        Param("Uri", WEB_URI, position=0, mandatory=True, display_type="Uri", help="The address to request."),
        Param("Method", WebRequestMethod, help="GET unless given."),
        Param("Body", object, help="The request body (POST), e.g. an Autodiscover request."),
        Param("ContentType", str, help="The body's content type."),
        Param("Credential", PSCredentialType, help="Sign in as this user."),
        Param("UseDefaultCredentials", Switch, help="Sign in as the user running the shell."),
        Param("UseBasicParsing", Switch, help="Accepted; the lab always parses this way."),
    )
    examples = (
        Example("Invoke-WebRequest https://mail.ehlo.dk/owa", "Opens the OWA logon page through the cluster name."),
        Example("(Invoke-WebRequest https://mail.ehlo.dk/owa).Headers['X-FEServer']",
                "Which Client Access server answered."),
    )

    def process(self) -> None:
        method = "GET" if self.Method in (None, WebRequestMethod.Default) else self.Method.name.upper()
        body = conv.expand_string(self.Body) if self.Body is not None else ""
        self.write_verbose(f"{method} {self.Uri} with {len(body.encode('utf-8'))}-byte payload")
        try:
            response = clientaccess.request(self.lab, self.computer, self.Uri, method, body, self._credentials())
        except LabError as error:
            self._fail(str(error))
        if not response.ok:
            self._fail(f"The remote server returned an error: ({response.status}) {response.reason}.")
        content_type = dict(response.headers).get("Content-Type", "")
        self.write_verbose(f"received {len(response.body.encode('utf-8'))}-byte response of content type "
                           f"{content_type}")
        self.write_object(BasicHtmlWebResponseObject(response))

    def _credentials(self) -> clientaccess.Credentials | None:
        if self.Credential is not None:
            return clientaccess.Credentials(self.Credential.UserName, self.Credential.Password.reveal())
        if self.UseDefaultCredentials:
            return clientaccess.Credentials(self.session.environment()["username"])
        return None

    def _fail(self, message: str) -> None:
        self.throw_terminating(message, "WebCmdletWebResponseException", "InvalidOperation", self.Uri,
                               "WebException")


CMDLETS = (InvokeWebRequest,)
