"""Build the migrated test database for DATABASE_URL ahead of the tests, if it is missing.

`scripts/test.sh` runs it in the background while the lint runs: on a clean clone each backend's
template is a full `migrate` (about 30 s), and the PostgreSQL one is built on every run (the
throwaway cluster starts empty). The tests find it built (hoptac/core/tests/testdb.py: the same
key, the same lock), or wait on the lock while it is being built.

    DATABASE_URL=spatialite:///… .venv/bin/python scripts/test_templates.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    # The environment of scripts/pytest, where the tests look for the SpatiaLite template.
    os.environ.setdefault("HOPTAC_VAR_DIR", str(ROOT / "var" / "test"))
    os.environ.setdefault("SECRET_KEY", "hoptac-test-templates-not-a-production-key-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.db import connection

    from hoptac.core.tests import testdb

    if connection.vendor == "postgresql":
        print(f"test template: {testdb.postgres_template()}")
    else:
        print(f"test template: {testdb.sqlite_template()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
