"""The optional sign-in through the city's identity provider (OpenID Connect), ``web.oidc``.

Only the provider's address, the client id and where the client secret is kept are needed; the
secret itself is never in the YAML: it is read from ``client_secret_file`` or from the environment
variable named by ``client_secret_env`` (checked when the config is loaded, read when used).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import ConfigDict, Field, PlainValidator, ValidationInfo, field_validator
from pydantic.dataclasses import dataclass

from core.config import fields as f

__all__ = ["CONSOLE_ROLES", "OidcSection"]

CONSOLE_ROLES = ("agent", "vorort", "admin")
"""The console's roles (the same as `core.staff_accounts.ROLES`; the config imports no service)."""
_CLAIM = re.compile(r"[A-Za-z0-9_.:/-]{1,100}")
_LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_STRICT = ConfigDict(extra="forbid", validate_by_name=True, validate_by_alias=True)


def _claim(value: Any) -> str:
    name = f.text(value)
    if not _CLAIM.fullmatch(name):
        raise f.fail("a claim name like 'preferred_username', 'email' or 'groups'", name)
    return name


def _optional_claim(value: Any) -> str | None:
    return None if value is None else _claim(value)


def _scopes(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) and item for item in value):
        raise f.fail("a list of scopes like ['openid', 'profile', 'email']", value)
    if "openid" not in value:
        raise f.fail("a list of scopes that contains 'openid'", value)
    return tuple(value)


def _role_map(value: Any) -> dict[str, str]:
    value = value or {}
    if not isinstance(value, Mapping):
        raise f.fail("a mapping of group (claim value) to role, e.g. {bm-team: agent}", value)
    found: dict[str, str] = {}
    for group, role in value.items():
        if role not in CONSOLE_ROLES:
            raise f.fail(f"a role: {', '.join(CONSOLE_ROLES)}", role, f"role_map.{group}")
        found[str(group)] = str(role)
    return found


def _local(host: str | None) -> bool:
    return host is not None and (host in _LOCAL_HOSTS or host.startswith("127."))


@dataclass(frozen=True, config=_STRICT)
class OidcSection:
    """The city's identity provider for the console's sign-in (authorization code flow with PKCE)."""

    issuer: f.OptText = Field(default=None, validate_default=True)
    """The provider's address (its ``/.well-known/openid-configuration`` is read)."""
    client_id: f.OptText = Field(default=None, validate_default=True)
    client_secret_file: Annotated[Path | None, PlainValidator(f.optional_path())] = None
    client_secret_env: f.Text = Field(default="OIDC_CLIENT_SECRET", validate_default=True)
    button_label: f.OptText = None
    """The sign-in button's words; empty: "Mit dem Stadt-Konto anmelden" / "Sign in with the city account"."""
    scopes: Annotated[tuple[str, ...], PlainValidator(_scopes)] = ("openid", "profile", "email")
    account_claim: Annotated[str, PlainValidator(_claim)] = "preferred_username"
    """The ID token claim whose value is the name of the staff account (``staff add NAME``)."""
    role_claim: Annotated[str | None, PlainValidator(_optional_claim)] = None
    role_map: Annotated[Mapping[str, str], PlainValidator(_role_map)] = Field(
        default_factory=dict, validate_default=True
    )
    """Group (a value of ``role_claim``) to role; the first entry the person has decides."""
    provider_logout: f.Flag = True
    """Sign out at the provider too (its ``end_session_endpoint``), when it offers one."""

    @field_validator("issuer")
    @classmethod
    def _issuer(cls, value: str | None) -> str | None:
        parts = urlsplit(value or "")
        secure = parts.scheme == "https" or (parts.scheme == "http" and _local(parts.hostname))
        if not value or not secure or not parts.hostname or parts.query or parts.fragment:
            raise f.fail(
                "the https:// address of the identity provider (its issuer), e.g. "
                "'https://login.essen.de/realms/stadt' (http:// only on this computer)",
                value,
            )
        return value.rstrip("/")

    @field_validator("client_id")
    @classmethod
    def _client_id(cls, value: str | None) -> str | None:
        if not value:
            raise f.fail("the client id the identity provider gave the bot", value)
        return value

    @field_validator("client_secret_env")
    @classmethod
    def _secret(cls, value: str, info: ValidationInfo) -> str:
        file = info.data.get("client_secret_file")
        if file is not None:
            return value  # the file wins; checked by `client_secret_file` below
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise f.fail("the name of an environment variable, e.g. OIDC_CLIENT_SECRET", value)
        if not os.environ.get(value, "").strip():
            raise f.fail(
                f"the name of a set environment variable holding the client secret ({value} is not set), "
                "or client_secret_file",
                value,
            )
        return value

    @field_validator("client_secret_file")
    @classmethod
    def _secret_file(cls, value: Path | None) -> Path | None:
        if value is not None:
            try:
                readable = bool(value.read_text(encoding="utf-8").strip())
            except (OSError, UnicodeDecodeError):
                readable = False
            if not readable:
                raise f.fail("the path of a readable file that holds the client secret", str(value))
        return value

    @field_validator("role_map")
    @classmethod
    def _map_needs_claim(cls, value: Mapping[str, str], info: ValidationInfo) -> Mapping[str, str]:
        claim = info.data.get("role_claim")
        if claim and not value:
            raise f.fail(f"a mapping of {claim} values to roles when role_claim is set", None)
        if value and not claim:
            raise f.fail("role_claim too (the claim that holds the groups, e.g. 'groups')", dict(value))
        return value

    def role_for(self, groups: object) -> str | None:
        """The role of a person with these `role_claim` values (a list or one text): the first match."""
        held = {groups} if isinstance(groups, str) else set(groups) if isinstance(groups, list) else set()
        return next((role for group, role in self.role_map.items() if group in held), None)

    @property
    def discovery_url(self) -> str:
        """Where the provider describes itself."""
        return f"{self.issuer}/.well-known/openid-configuration"

    def client_secret(self) -> str:
        """The client secret, read now from its file or environment variable (never stored in the config)."""
        if self.client_secret_file is not None:
            return self.client_secret_file.read_text(encoding="utf-8").strip()
        return os.environ.get(self.client_secret_env, "").strip()
