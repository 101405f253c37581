"""Active Directory: the lab's domain, its sites and its user accounts.

Document kinds owned here:

    ad-domain  key fqdn (lower)      {fqdn, netbios, distinguished_name}
    ad-site    key name (lower)      {name, guid, canonical_name}
    user       key sAMAccountName    {sam_account_name, user_principal_name, name, display_name,
               (lower)                first_name, last_name, domain_admin, distinguished_name,
                                      organizational_unit, object_guid, password_salt, password_hash}

Passwords are kept as salted PBKDF2 hashes: a lab user may type a real password from habit.
Identity look-ups follow Exchange's rules (any of the listed names, case-insensitive) and fail
with the Exchange 2007 management-shell texts, since the shell is where users meet them.
"""
from __future__ import annotations

import hashlib
import hmac
from typing import Callable, Iterable, NamedTuple, TypeVar

from emshell.lab.computers import list_computers
from emshell.lab.lab import Lab, LabError

T = TypeVar("T")
_PBKDF2_ROUNDS = 1000  # enough to keep typed passwords out of the database in clear


class Domain(NamedTuple):
    fqdn: str
    netbios: str
    distinguished_name: str


class Site(NamedTuple):
    name: str
    guid: str
    canonical_name: str  # ehlo.dk/Configuration/Sites/Default-First-Site-Name, as Exchange shows it


class User(NamedTuple):
    sam_account_name: str
    user_principal_name: str
    name: str
    display_name: str
    first_name: str
    last_name: str
    domain_admin: bool
    distinguished_name: str
    organizational_unit: str
    object_guid: str


class ObjectNotFound(LabError):
    def __init__(self, identity: str, domain_controller: str) -> None:
        self.identity = identity
        super().__init__(
            f"The operation could not be performed because object '{identity}' could not be found "
            f"on domain controller '{domain_controller}'."
        )


class AmbiguousIdentity(LabError):
    def __init__(self, identity: str) -> None:
        self.identity = identity
        super().__init__(f"The operation could not be performed because '{identity}' matches multiple entries.")


class ObjectExists(LabError):
    def __init__(self, distinguished_name: str, domain_controller: str) -> None:
        super().__init__(
            f"Active Directory operation failed on {domain_controller}. "
            f"The object '{distinguished_name}' already exists."
        )


class AccountInUse(LabError):
    def __init__(self, attribute: str, value: str) -> None:
        super().__init__(f"The {attribute} '{value}' is already used by another account.")


# -- domain and sites ------------------------------------------------------------------
def add_domain(lab: Lab, fqdn: str, netbios: str) -> Domain:
    dn = ",".join(f"DC={label}" for label in fqdn.split("."))
    domain = Domain(fqdn=fqdn, netbios=netbios.upper(), distinguished_name=dn)
    lab.store.put("ad-domain", fqdn.lower(), domain._asdict())
    return domain


def get_domain(lab: Lab) -> Domain:
    """The lab's domain (a lab has exactly one)."""
    (_, doc), = lab.store.list("ad-domain")
    return Domain(**doc)


def add_site(lab: Lab, name: str, guid: str) -> Site:
    site = Site(name=name, guid=guid, canonical_name=f"{get_domain(lab).fqdn}/Configuration/Sites/{name}")
    lab.store.put("ad-site", name.lower(), site._asdict())
    return site


def list_sites(lab: Lab) -> list[Site]:
    return [Site(**doc) for _, doc in lab.store.list("ad-site")]


def get_site(lab: Lab, name: str) -> Site:
    return pick(lab, name, list_sites(lab), lambda site: (site.name, site.canonical_name, site.guid))


def domain_controller(lab: Lab) -> str:
    """FQDN of the domain controller the tools talk to (named in Exchange error texts)."""
    return next(c.fqdn for c in list_computers(lab) if "DomainController" in c.roles)


# -- identity matching -----------------------------------------------------------------
def pick(lab: Lab, identity: str, candidates: Iterable[T], keys: Callable[[T], Iterable[str]]) -> T:
    """The single candidate one of whose keys equals identity, ignoring case."""
    wanted = identity.lower()
    found = [c for c in candidates if any(k and k.lower() == wanted for k in keys(c))]
    if not found:
        raise ObjectNotFound(identity, domain_controller(lab))
    if len(found) > 1:
        raise AmbiguousIdentity(identity)
    return found[0]


# -- users -----------------------------------------------------------------------------
def add_user(
    lab: Lab,
    *,
    sam_account_name: str,
    name: str,
    password: str,
    display_name: str | None = None,
    first_name: str = "",
    last_name: str = "",
    user_principal_name: str | None = None,
    domain_admin: bool = False,
) -> User:
    """Create a user in the domain's Users container."""
    domain = get_domain(lab)
    upn = user_principal_name or f"{sam_account_name}@{domain.fqdn}"
    dn = f"CN={name},CN=Users,{domain.distinguished_name}"
    _check_unique(lab, sam_account_name, upn, dn)
    user = User(
        sam_account_name=sam_account_name,
        user_principal_name=upn,
        name=name,
        display_name=display_name if display_name is not None else name,
        first_name=first_name,
        last_name=last_name,
        domain_admin=domain_admin,
        distinguished_name=dn,
        organizational_unit=f"{domain.fqdn}/Users",
        object_guid=str(lab.random.guid()),
    )
    doc = user._asdict()
    doc.update(_hash_password(lab, password))
    lab.store.put("user", sam_account_name.lower(), doc)
    return user


def _check_unique(lab: Lab, sam: str, upn: str, dn: str) -> None:
    for _, doc in lab.store.list("user"):
        if doc["distinguished_name"].lower() == dn.lower():
            raise ObjectExists(dn, domain_controller(lab))
        if doc["sam_account_name"].lower() == sam.lower():
            raise AccountInUse("account name", sam)
        if doc["user_principal_name"].lower() == upn.lower():
            raise AccountInUse("user principal name", upn)


def list_users(lab: Lab) -> list[User]:
    return [_user_from(doc) for _, doc in lab.store.list("user")]


def _user_from(doc: dict) -> User:
    return User(**{k: v for k, v in doc.items() if not k.startswith("password_")})


def user_keys(lab: Lab, user: User) -> tuple[str, ...]:
    """Every name Exchange accepts for a user: sAMAccountName, DOMAIN\\user, UPN, name, DN, GUID."""
    netbios = get_domain(lab).netbios
    return (
        user.sam_account_name,
        f"{netbios}\\{user.sam_account_name}",
        user.user_principal_name,
        user.name,
        user.display_name,
        user.distinguished_name,
        user.object_guid,
    )


def find_user(lab: Lab, identity: str) -> User:
    return pick(lab, identity, list_users(lab), lambda user: user_keys(lab, user))


# -- passwords -------------------------------------------------------------------------
def _hash_password(lab: Lab, password: str) -> dict:
    salt = lab.random.bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-16-le"), salt, _PBKDF2_ROUNDS)
    return {"password_salt": salt.hex(), "password_hash": digest.hex()}


def check_password(lab: Lab, identity: str, password: str) -> bool:
    doc = lab.store.get("user", find_user(lab, identity).sam_account_name.lower())
    salt = bytes.fromhex(doc["password_salt"])
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-16-le"), salt, _PBKDF2_ROUNDS)
    return hmac.compare_digest(digest.hex(), doc["password_hash"])


def set_password(lab: Lab, identity: str, password: str) -> None:
    key = find_user(lab, identity).sam_account_name.lower()
    doc = lab.store.get("user", key)
    doc.update(_hash_password(lab, password))
    lab.store.put("user", key, doc)
