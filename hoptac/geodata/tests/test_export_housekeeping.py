"""The hourly housekeeping of the large downloads: stale markers and orphaned files go, the
downloads of live versions and the markers of exports that may still run stay."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from hoptac.core import schedule
from hoptac.geodata import downloads
from hoptac.geodata.export_housekeeping import tidy_exports

pytestmark = pytest.mark.django_db


def put(name: str, age: dt.timedelta = dt.timedelta(0)) -> str:
    default_storage.save(name, ContentFile(b"x"))
    when = (timezone.now() - age).timestamp()
    os.utime(default_storage.path(name), (when, when))
    return name


@pytest.fixture
def folder(parcels):
    version = parcels.current_version
    name = downloads.stored_name(parcels, version, downloads.FORMATS["gpkg"], 4326)
    return version, name


def test_a_stale_pending_marker_goes_and_a_recent_one_stays(folder):
    _version, name = folder
    kml = name.replace(".gpkg", ".kml")
    stale = put(f"{name}.pending", dt.timedelta(seconds=2 * downloads.EXPORT_TIMEOUT + 60))
    recent = put(f"{kml}.pending", dt.timedelta(minutes=5))

    assert tidy_exports() == {"pending": 1, "failed": 0, "orphaned": 0}
    assert not default_storage.exists(stale)
    assert default_storage.exists(recent)


def test_a_marker_beside_a_written_download_goes_and_the_download_stays(folder):
    _version, name = folder
    put(name)
    put(f"{name}.pending")
    put(f"{name}.failed")

    assert tidy_exports() == {"pending": 1, "failed": 1, "orphaned": 0}
    assert default_storage.exists(name)
    assert not default_storage.exists(f"{name}.pending")
    assert not default_storage.exists(f"{name}.failed")


def test_a_failure_nobody_came_back_for_goes_after_a_day(folder):
    _version, name = folder
    csv = name.replace(".gpkg", ".csv")
    old = put(f"{name}.failed", dt.timedelta(days=1, minutes=1))
    new = put(f"{csv}.failed", dt.timedelta(hours=2))

    assert tidy_exports()["failed"] == 1
    assert not default_storage.exists(old)
    assert default_storage.exists(new)


def test_the_files_of_a_deleted_version_and_of_an_old_layer_name_go(folder):
    version, name = folder
    gone = "geodata/exports/999999"
    orphan = put(f"{gone}/old-v1-epsg4326.gpkg")
    put(f"{gone}/old-v1-epsg4326.kml.pending")
    renamed = put(name.replace(f"/{version.layer.slug}-", "/ten-cu-"))
    kept = put(name)

    assert tidy_exports() == {"pending": 0, "failed": 0, "orphaned": 3}
    assert not default_storage.exists(orphan)
    assert not default_storage.exists(renamed)
    assert default_storage.exists(kept)
    assert not os.path.exists(default_storage.path(gone))


def test_nothing_to_tidy_is_not_an_error(db):
    assert tidy_exports() == {"pending": 0, "failed": 0, "orphaned": 0}


def test_the_housekeeping_runs_hourly_on_the_worker(folder):
    from hoptac.geodata.tasks import tidy_exports as task

    job = next(j for j in schedule.jobs() if j.name == "geodata.tidy_exports")
    assert job.every == dt.timedelta(hours=1)
    _version, name = folder
    put(f"{name}.failed", dt.timedelta(days=2))
    assert task.func() == {"pending": 0, "failed": 1, "orphaned": 0}
