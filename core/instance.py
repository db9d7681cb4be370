"""The instance/ folder is private to the server's account: it holds the SQLite databases (with
reporters' names and contacts), the secret key that signs sessions and the demo kiosk URL.
Files in it are 0600, folders 0700, whatever the umask."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from core.settings import resolve_path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def instance_folder() -> Path:
    return resolve_path("instance")


def make_private(folder: Path) -> None:
    """The folder and everything under it readable by the owner only (links are left alone: their
    targets live elsewhere)."""
    if not folder.is_dir():
        return
    folder.chmod(PRIVATE_FOLDER)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod(PRIVATE_FOLDER if path.is_dir() else PRIVATE_FILE)


def write_private(path: Path, text: str) -> None:
    """Writes a file no other account can read, from its first byte on."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    path.chmod(PRIVATE_FILE)  # a file that existed before keeps its old mode through open()


def secret_key(settings) -> str:
    """The configured key (server.secret_key), or one generated once and kept in instance/
    (single-machine runs): it signs sessions and keys the incidents module's caller hashes."""
    if settings.server.secret_key:
        return settings.server.secret_key
    path = resolve_path("instance/secret_key")
    if not path.exists():
        write_private(path, secrets.token_urlsafe(48))
    return path.read_text().strip()
