"""Organisers' accounts: e-mail -> password hash, in the instance folder's ``organisers.json``.

Never in the repository (``instance/`` is git-ignored). Hashes are werkzeug's (scrypt); the
file is written atomically with mode 0600. An unknown e-mail is checked against a dummy hash,
so it costs the same time as a wrong password and answers nothing about who has an account.
Changing a password or removing an account ends the account's sessions (``sessions.py``).
"""

from __future__ import annotations

import functools
import json
import secrets
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

from chapters.files import write_atomic
from chapters.names import EMAIL
from player.organisers import sessions

FILE_NAME = "organisers.json"
PASSWORD_MIN = 12  # characters
PASSWORD_MAX = 1024  # characters: longer ones are refused before hashing (cost bound)
EMAIL_MAX = 254  # the longest address RFC 5321 lets through


class AccountsError(ValueError):
    """The accounts file cannot be read or an entry is refused; the message is French."""


def normal_email(email: str) -> str:
    """The e-mail as stored: trimmed and lower-cased."""
    return (email or "").strip().lower()


def check_email(email: str) -> str:
    """The stored form of ``email``, or AccountsError when it is not an address."""
    address = normal_email(email)
    if not address or len(address) > EMAIL_MAX or not EMAIL.fullmatch(address):
        shown = "".join(c if c.isprintable() else "?" for c in address[:60])
        raise AccountsError(f"« {shown} » n'est pas une adresse e-mail")
    return address


def check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN:
        raise AccountsError(
            f"mot de passe trop court : {PASSWORD_MIN} caractères au moins "
            f"({len(password)} donnés)"
        )
    if len(password) > PASSWORD_MAX:
        raise AccountsError(f"mot de passe trop long : {PASSWORD_MAX} caractères au plus")


def accounts_file(instance_path: str | Path) -> Path:
    return Path(instance_path) / FILE_NAME


def load(instance_path: str | Path) -> dict[str, str]:
    """E-mail -> hash; {} when there is no file yet. AccountsError if it cannot be read."""
    path = accounts_file(instance_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise AccountsError(f"{path} : lecture impossible ({error.strerror})") from None
    try:
        data = json.loads(text)
        entries = data["organisers"]
        return {str(email): str(entry["hash"]) for email, entry in entries.items()}
    except (ValueError, KeyError, TypeError, AttributeError):
        raise AccountsError(f"{path} : fichier des comptes illisible") from None


def _save(instance_path: str | Path, accounts: dict[str, str]) -> None:
    data = {"organisers": {email: {"hash": h} for email, h in sorted(accounts.items())}}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(accounts_file(instance_path), text, mode=0o600)


def set_password(instance_path: str | Path, email: str, password: str) -> bool:
    """Store ``email`` with a hash of ``password``; True when the account already existed."""
    address = check_email(email)
    check_password(password)
    accounts = load(instance_path)
    existed = address in accounts
    accounts[address] = generate_password_hash(password)  # werkzeug 3: scrypt
    _save(instance_path, accounts)
    if existed:
        sessions.forget_account(instance_path, address)
    return existed


def remove(instance_path: str | Path, email: str) -> None:
    """Delete the account; AccountsError when there is none for that address."""
    address = normal_email(email)
    accounts = load(instance_path)
    if address not in accounts:
        shown = "".join(c if c.isprintable() else "?" for c in address[:60])
        raise AccountsError(f"aucun organisateur « {shown} »")
    del accounts[address]
    _save(instance_path, accounts)
    sessions.forget_account(instance_path, address)


def exists(instance_path: str | Path, email: str) -> bool:
    return stored_hash(instance_path, email) is not None


def stored_hash(instance_path: str | Path, email: str) -> str | None:
    """The account's password hash, None when there is no such account (or no readable file)."""
    try:
        return load(instance_path).get(normal_email(email))
    except AccountsError:
        return None


@functools.cache
def _dummy_hash() -> str:
    # same method and cost as real hashes: an unknown e-mail takes as long as a wrong password
    return generate_password_hash(secrets.token_urlsafe(16))


def verify(instance_path: str | Path, email: str, password: str) -> str | None:
    """The stored e-mail when ``password`` is right for it, else None (same cost either way)."""
    found = authenticate(instance_path, email, password)
    return found[0] if found else None


def authenticate(instance_path: str | Path, email: str, password: str) -> tuple[str, str] | None:
    """(stored e-mail, the hash ``password`` matched) when it is right, else None: the hash
    is the one checked, so a session started from it is stamped with what was verified."""
    address = normal_email(email)
    if len(password) > PASSWORD_MAX:
        return None
    accounts = load(instance_path)
    stored = accounts.get(address)
    ok = check_password_hash(stored or _dummy_hash(), password)
    return (address, stored) if ok and stored else None
