"""Web citizens without an account: a signed session token and a reference code to come back.

The session token is random; the cookie carries it with an HMAC signature, so a forged cookie is
refused before the database is asked, and the database stores only a keyed hash of it (a copy of
the database lets nobody sign in). Revoking a session marks its row. The reference code
("K7M-4QP") is six characters of Crockford's base32 (no I, L, O, U; typing O for 0 or I/L for 1
is forgiven); it is also stored only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = ["CODE_ALPHABET", "Identity", "normalise_code"]

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_CODE_LENGTH = 6
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalise_code(text: str) -> str | None:
    """A typed code in its canonical form ("k7m 4qp" -> "K7M-4QP"); None when it cannot be one."""
    letters = "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum()).translate(_CONFUSED)
    if len(letters) != _CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in letters):
        return None
    return f"{letters[:3]}-{letters[3:]}"


class Identity:
    """Makes and checks session tokens and reference codes with one secret key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("the web session key must have at least 16 bytes")
        self._key = key

    def _mac(self, purpose: str, value: str) -> str:
        return hmac.new(self._key, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()

    # -- sessions ------------------------------------------------------------------------------
    def new_token(self) -> tuple[str, str]:
        """A new session: (cookie value, the hash to store)."""
        token = secrets.token_urlsafe(24)
        return f"{token}.{self._mac('sig', token)[:32]}", self._mac("session", token)

    def token_hash(self, cookie: str | None) -> str | None:
        """The stored hash of a signed cookie value; None when it is missing or forged."""
        if not cookie or cookie.count(".") != 1 or len(cookie) > 200:
            return None
        token, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._mac("sig", token)[:32]):
            return None
        return self._mac("session", token)

    # -- codes ---------------------------------------------------------------------------------
    @staticmethod
    def new_code() -> str:
        """A random reference code, e.g. "K7M-4QP"."""
        letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        return f"{letters[:3]}-{letters[3:]}"

    def code_hash(self, code: str) -> str:
        """The stored hash of a canonical code."""
        return self._mac("code", code)
