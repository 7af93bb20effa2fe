"""Staff accounts of the web console: argon2id passwords, roles, lockout, sessions with a timeout.

A session is a random token (only its SHA-256 is stored) with its own CSRF token; it ends
after `web.session_minutes` without activity, after 12 hours in any case, at sign-out, and
when the account is disabled. Five wrong passwords lock the account for 15 minutes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import logging
import re
import secrets
import sqlite3
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.clock import Clock
from core.staff import StaffActor
from storage import AuditRepository, Database
from storage.staff_accounts import StaffAccount, StaffAccountRepository, StaffSession

__all__ = [
    "LOCK_MINUTES",
    "MAX_FAILURES",
    "MAX_SESSION_HOURS",
    "MIN_PASSWORD",
    "ROLES",
    "AccountError",
    "SignedIn",
    "StaffAccount",
    "StaffAccounts",
    "actor_of",
]

logger = logging.getLogger(__name__)

ROLES = ("agent", "vorort", "admin")
"""agent: tickets; vorort: appointments (and tickets); admin: everything, accounts and canned answers."""
MAX_FAILURES = 5
LOCK_MINUTES = 15
MAX_SESSION_HOURS = 12
MIN_PASSWORD = 10
_NAME = re.compile(r"[\w.@-]{2,40}")
REF = "staff_account"


class AccountError(Exception):
    """An account could not be added, found or signed in; `reason` is a short code for the page."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class SignedIn:
    """A valid session and its account."""

    account: StaffAccount
    session: StaffSession

    @property
    def actor(self) -> StaffActor:
        """The account as the core's actor (same person as its linked Telegram account)."""
        return actor_of(self.account)

    def may(self, role: str) -> bool:
        """Whether the account has the role (admins have every role)."""
        return self.account.role in (role, "admin")


def actor_of(account: StaffAccount) -> StaffActor:
    """Linked accounts act as their Telegram user; others get a negative id (never a Telegram id)."""
    return StaffActor(account.telegram_user_id or -account.id, account.name)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffAccounts:
    """Adds, lists and disables accounts; signs in and out; finds the session of a token."""

    def __init__(self, db: Database, clock: Clock, session_minutes: int) -> None:
        self.db = db
        self.repo = StaffAccountRepository(db)
        self.audit = AuditRepository(db)
        self.clock = clock
        self.idle = timedelta(minutes=session_minutes)
        self.hasher = PasswordHasher()  # argon2id, the library's recommended parameters
        self._dummy: str | None = None  # made at the first unknown name (hashing costs ~0.2 s)

    # -- accounts -------------------------------------------------------------------------------
    async def add(
        self, name: str, role: str, password: str, *, telegram_user_id: int | None = None, by: str = "cli"
    ) -> int:
        """Create an account; names are unique (any case)."""
        if not _NAME.fullmatch(name):
            raise AccountError("name", "a name of 2-40 letters, digits, '.', '@', '_' or '-'")
        if role not in ROLES:
            raise AccountError("role", f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise AccountError("password", f"the password needs at least {MIN_PASSWORD} characters")
        hashed = await asyncio.to_thread(self.hasher.hash, password)
        now = self.clock.now()
        try:
            async with self.db.transaction() as conn:
                account_id = await self.repo.add(conn, name, role, hashed, now, telegram_user_id)
                await self.audit.record(
                    conn,
                    now=now,
                    actor_id=None,
                    actor_name=by,
                    action="staff_account_added",
                    ref_type=REF,
                    ref_id=account_id,
                    detail=f"{name} ({role})",
                )
        except sqlite3.IntegrityError as exc:
            raise AccountError("taken", f"an account named {name!r} exists already") from exc
        return account_id

    async def set_password(self, name: str, password: str, by: str = "cli") -> None:
        """Give an account a new password (and unlock it)."""
        if len(password) < MIN_PASSWORD:
            raise AccountError("password", f"the password needs at least {MIN_PASSWORD} characters")
        account = await self.repo.by_name(name)
        if account is None:
            raise AccountError("unknown", f"no account named {name!r}")
        await self.repo.set_password(account.id, await asyncio.to_thread(self.hasher.hash, password))
        async with self.db.transaction() as conn:
            await self.audit.record(
                conn,
                now=self.clock.now(),
                actor_id=None,
                actor_name=by,
                action="staff_password_set",
                ref_type=REF,
                ref_id=account.id,
                detail=account.name,
            )

    async def all(self) -> list[StaffAccount]:
        """Every account, by name."""
        return await self.repo.all()

    async def get(self, account_id: int) -> StaffAccount | None:
        """One account."""
        return await self.repo.get(account_id)

    async def disable(self, name: str, by: str = "cli") -> StaffAccount:
        """Disable an account and end its sessions at once."""
        account = await self.repo.by_name(name)
        if account is None:
            raise AccountError("unknown", f"no account named {name!r}")
        now = self.clock.now()
        async with self.db.transaction() as conn:
            await self.repo.disable(conn, account.id, now)
            await self.audit.record(
                conn,
                now=now,
                actor_id=None,
                actor_name=by,
                action="staff_account_disabled",
                ref_type=REF,
                ref_id=account.id,
                detail=account.name,
            )
        disabled = await self.repo.get(account.id)
        assert disabled is not None
        return disabled

    # -- signing in -----------------------------------------------------------------------------
    async def sign_in(self, name: str, password: str) -> tuple[str, SignedIn]:
        """Check the password; returns the new session token and the session.

        Unknown names cost the same hashing time as known ones; a locked or disabled account
        is refused without looking at the password.
        """
        now = self.clock.now()
        account = await self.repo.by_name(name.strip())
        if account is None:
            if self._dummy is None:
                self._dummy = await asyncio.to_thread(self.hasher.hash, secrets.token_hex(8))
            await asyncio.to_thread(self._verify, self._dummy, password)
            raise AccountError("wrong", "unknown name or wrong password")
        if account.disabled_at is not None:
            raise AccountError("disabled", "the account is disabled")
        if account.locked_until is not None and account.locked_until > now:
            raise AccountError("locked", "too many wrong passwords; the account is locked for a while")
        if not await asyncio.to_thread(self._verify, account.password_hash, password):
            failures = account.failed_logins + 1
            locked = now + timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            await self.repo.record_login(
                account.id, failed_logins=0 if locked else failures, locked_until=locked, login_at=None
            )
            await self._record(account, "staff_login_failed" if locked is None else "staff_locked")
            raise AccountError("locked" if locked else "wrong", "unknown name or wrong password")
        await self.repo.record_login(account.id, failed_logins=0, locked_until=None, login_at=now)
        return await self._open(account, "password")

    async def sign_in_external(self, name: str, method: str, role: str | None = None) -> tuple[str, SignedIn]:
        """Open a session for a person the identity provider vouched for (`method`, e.g. "oidc").

        Only an existing, enabled account signs in (accounts stay with `staff add/disable`); a
        `role` from the provider's groups replaces the account's role (audited). A password
        lockout stays as it is: it guards the password, not this way in.
        """
        account = await self.repo.by_name(name.strip()) if _NAME.fullmatch(name.strip()) else None
        if account is None or account.disabled_at is not None:
            reason = "unknown" if account is None else "disabled"
            await self._refused(account, method, reason)
            raise AccountError(reason, f"no enabled account for this {method} sign-in")
        if role is not None and role != account.role:
            if role not in ROLES:
                raise AccountError("role", f"role must be one of {', '.join(ROLES)}")
            async with self.db.transaction() as conn:
                await self.repo.set_role(conn, account.id, role)
                await self.audit.record(
                    conn,
                    now=self.clock.now(),
                    actor_id=None,
                    actor_name=method,
                    action="staff_role_set",
                    ref_type=REF,
                    ref_id=account.id,
                    detail=f"{account.name}: {account.role} -> {role}",
                )
            account = dataclasses.replace(account, role=role)
        await self.repo.record_login(
            account.id,
            failed_logins=account.failed_logins,
            locked_until=account.locked_until,
            login_at=self.clock.now(),
        )
        return await self._open(account, method)

    async def _open(self, account: StaffAccount, method: str) -> tuple[str, SignedIn]:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        await self.repo.open_session(_digest(token), account.id, csrf, self.clock.now())
        await self._record(account, "staff_signed_in", detail=method)
        session = await self.repo.session(_digest(token))
        assert session is not None
        return token, SignedIn(account, session)

    async def _refused(self, account: StaffAccount | None, method: str, reason: str) -> None:
        logger.warning("console sign-in by %s refused: %s account", method, reason)
        async with self.db.transaction() as conn:
            await self.audit.record(
                conn,
                now=self.clock.now(),
                actor_id=None if account is None else actor_of(account).user_id,
                actor_name=method if account is None else account.name,
                action="staff_login_refused",
                ref_type=REF if account else None,
                ref_id=account.id if account else None,
                detail=f"{method}: {reason}",
            )

    def _verify(self, hashed: str, password: str) -> bool:
        try:
            return self.hasher.verify(hashed, password)
        except (VerificationError, InvalidHashError):
            return False

    async def session_for(self, token: str, *, touch: bool = True) -> SignedIn | None:
        """The live session of a token (and mark it active), or None when it ended.

        `touch=False` checks without counting as activity (an open live stream keeps no
        session alive past its idle timeout).
        """
        session = await self.repo.session(_digest(token))
        if session is None:
            return None
        now = self.clock.now()
        account = await self.repo.get(session.account_id)
        expired = (
            now - session.created_at > timedelta(hours=MAX_SESSION_HOURS)
            or now - session.last_seen_at > self.idle
        )
        if account is None or account.disabled_at is not None or expired:
            await self.repo.close_session(session.token_hash)
            return None
        if touch:
            await self.repo.touch_session(session.token_hash, now)
        return SignedIn(account, session)

    async def sign_out(self, token: str) -> None:
        """End the session of a token."""
        session = await self.repo.session(_digest(token))
        if session is None:
            return
        await self.repo.close_session(session.token_hash)
        account = await self.repo.get(session.account_id)
        if account is not None:
            await self._record(account, "staff_signed_out")

    async def end_idle_sessions(self) -> int:
        """Remove sessions past the idle timeout (a periodic clean-up)."""
        return await self.repo.close_idle_sessions(self.clock.now() - self.idle)

    async def _record(self, account: StaffAccount, action: str, detail: str | None = None) -> None:
        actor = actor_of(account)
        async with self.db.transaction() as conn:
            await self.audit.record(
                conn,
                now=self.clock.now(),
                actor_id=actor.user_id,
                actor_name=actor.name,
                action=action,
                ref_type=REF,
                ref_id=account.id,
                detail=detail,
            )
