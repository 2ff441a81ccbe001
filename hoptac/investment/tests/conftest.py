from __future__ import annotations

import pytest

from hoptac.investment import importers


@pytest.fixture(scope="session")
def shipped_vsic() -> list[importers.VsicRow]:
    """The shipped VSIC list, read and checked once for the whole session (no database)."""
    return importers.read_vsic()


@pytest.fixture
def vocab(db, shipped_vsic):
    """The shipped VSIC codes and Decision 38/2020 items, written into this test's transaction
    (rolled back after it, as every test's rows are)."""
    importers.write_vsic(shipped_vsic)
    importers.import_priority_items()


@pytest.fixture
def portal_world(world, vocab):
    """The partner cities with a brand, a park, a project and an enterprise each."""
    from hoptac.investment.models import Brand

    from .factories import EnterpriseFactory, ParkFactory, ProjectFactory

    brand = Brand.objects.create(name_vi="Thương hiệu chung", name_en="Joint brand")
    brand.localities.set([world.localities["own"], world.localities["partner"]])
    world.park = {k: ParkFactory(locality=loc) for k, loc in world.localities.items()}
    world.project = {
        k: ProjectFactory(locality=loc, park=world.park[k]) for k, loc in world.localities.items()
    }
    world.enterprise = {k: EnterpriseFactory(locality=loc) for k, loc in world.localities.items()}
    world.brand = brand
    return world
