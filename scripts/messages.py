"""Refresh every Vietnamese catalogue: the project's (core + shared templates) and each app's own.

Apps that keep a ``locale/`` folder own their strings; the project catalogue ignores them.
    .venv/bin/python scripts/messages.py [tree]      (default: this checkout)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"makemessages failed in {cwd}:\n{done.stderr[-3000:]}")


def refresh(tree: Path) -> None:
    """One makemessages run from the root: Django puts each file's strings in the nearest
    ``locale/`` folder above it (an app's own, else the project's)."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "hoptac.settings",
        "PYTHONPATH": str(tree),
        "HOPTAC_VAR_DIR": str(tree / "var"),
    }
    ignores = ["-i", ".venv/*", "-i", "var/*", "-i", "bench/*", "-i", "tests/*", "-i", "*/vendor/*"]
    _run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "vi",
            "--no-location",
            "--no-obsolete",
            *ignores,
        ],
        tree,
        env,
    )


if __name__ == "__main__":
    refresh(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1])
