from __future__ import annotations

import pytest

from hoptac.investment import importers

from .factories import make_portal_world, write_vocab


@pytest.fixture(scope="session")
def shipped_vsic() -> list[importers.VsicRow]:
    """The shipped VSIC list, read and checked once for the whole session (no database)."""
    return importers.read_vsic()


@pytest.fixture
def vocab(db, shipped_vsic):
    """The shipped VSIC codes and Decision 38/2020 items, written into this test's transaction
    (rolled back after it, as every test's rows are)."""
    write_vocab(shipped_vsic)


@pytest.fixture
def portal_world(world, vocab):
    """The partner cities with a brand, a park, a project and an enterprise each."""
    return make_portal_world(world)
