"""Credentials and secure strings: Get-Credential, ConvertTo-SecureString, Read-Host -AsSecureString.

A SecureString never prints its content; only the PKI code asks for the clear text.
"""
from __future__ import annotations

from typing import Any

from emshell.engine.cmdlet import Cmdlet, Example, Param, PSCredentialType, Switch
from emshell.engine.objects import PSObject, SecureString


class PSCredential(PSObject):
    TYPE_NAMES = ("System.Management.Automation.PSCredential", "System.Object")
    PROPERTIES = ("UserName", "Password")

    def __init__(self, user: str, password: SecureString) -> None:
        self.UserName = user
        self.Password = password

    def ps_methods(self) -> dict[str, Any]:
        return {"GetNetworkCredential": lambda ctx: NetworkCredential(self)}


class NetworkCredential(PSObject):
    """`$cred.GetNetworkCredential()`: the one sanctioned way to read a password back."""

    TYPE_NAMES = ("System.Net.NetworkCredential", "System.Object")
    PROPERTIES = ("UserName", "Password", "Domain")

    def __init__(self, credential: PSCredential) -> None:
        domain, _, user = credential.UserName.rpartition("\\")
        self.UserName = user
        self.Domain = domain
        self.Password = credential.Password.reveal()


def prompt_credential(session: Any, user: str | None) -> PSCredential:
    """The console credential prompt (real-outputs §7G): `User: ` unless the user is known, then a
    masked password. (The mandatory-parameter header is written by the caller's prompt.)"""
    from emshell.formatting import messages

    if user is None:
        user = session.read_line(messages.render_credential_user_prompt())
    password = session.read_secret(messages.render_credential_password_prompt(user))
    return PSCredential(user, SecureString(password))


class GetCredential(Cmdlet):
    name = "Get-Credential"
    dotnet_class = "Microsoft.PowerShell.Commands.GetCredentialCommand"
    synopsis = "Gets a credential object based on a user name and password."
    description = ("Prompts for a user name and a password and returns a PSCredential object. Exchange "
                   "cmdlets take its Password property, a SecureString, for PFX passwords.")
    parameters = (Param("Credential", PSCredentialType, position=0, mandatory=True,
                        help="A user name, such as \"User01\" or \"Domain01\\User01\"."),)
    examples = (Example("Import-ExchangeCertificate -Path c:\\exported_cert.pfx -Password:(Get-Credential).password",
                        "Prompts for a password and passes it to Import-ExchangeCertificate; the user name is "
                        "not used."),)

    def process(self) -> None:
        self.write_object(self.Credential)  # mandatory: prompted for (§7G) when not given


class ConvertToSecureString(Cmdlet):
    name = "ConvertTo-SecureString"
    dotnet_class = "Microsoft.PowerShell.Commands.ConvertToSecureStringCommand"
    synopsis = "Converts plain text to a secure string."
    parameters = (
        Param("String", str, position=0, mandatory=True, pipeline=True),
        Param("AsPlainText", Switch, position=1),
        Param("Force", Switch, position=2),
    )
    examples = (Example("$pw = ConvertTo-SecureString 'P@ssw0rd' -AsPlainText -Force",
                        "Makes a SecureString from plain text, for scripts."),)

    def process(self) -> None:
        if not self.AsPlainText:
            self.throw_terminating(
                "Cannot process argument because the value of argument \"String\" is not a valid encrypted "
                "secure string.", "ImportSecureString", "InvalidArgument", exception_type="ArgumentException")
        if not self.Force:
            self.throw_terminating(
                "The system cannot protect plain text input. To suppress this warning and convert the plain text "
                "to a SecureString, reissue the command specifying the Force parameter. For more information ,type: "
                "get-help ConvertTo-SecureString.", "ImportSecureString", "InvalidArgument",
                exception_type="ArgumentException")
        self.write_object(SecureString(self.String))


class ReadHost(Cmdlet):
    name = "Read-Host"
    dotnet_class = "Microsoft.PowerShell.Commands.ReadHostCommand"
    synopsis = "Reads a line of input from the console."
    parameters = (
        Param("Prompt", object, position=0),
        Param("AsSecureString", Switch),
    )

    def process(self) -> None:
        from emshell.engine.conversion import expand_string

        prompt = f"{expand_string(self.Prompt)}: " if self.Prompt is not None else ""
        if self.AsSecureString:
            self.write_object(SecureString(self.session.read_secret(prompt)))
        else:
            self.write_object(self.session.read_line(prompt))


CMDLETS = (GetCredential, ConvertToSecureString, ReadHost)
__all__ = ["PSCredential", "prompt_credential", "CMDLETS", "Switch"]
