"""Files people upload: checked by their content, stored under random names, served only through a
view that has checked the same permission as the object the file belongs to.

- `check_upload` / `check_uploads`: empty, size, type by content (magic bytes; for DOCX and XLSX
  the parts inside the zip), zip bombs (declared sizes and ratio read from the central directory,
  before a byte is inflated), and the text for the search index.
- `check_archive` / `extract_archive`: the same zip checks for an archive that is unpacked (a
  zipped Shapefile), and the bytes actually written capped while unpacking.
- `FileStorage`: the default storage. Every name it gives is random (whatever `upload_to` or the
  user's file name says) and it has no public URL: there is no `/media/` route.
- `serve`: the answer to a download, once the view has checked the permission; behind nginx an
  `X-Accel-Redirect` to the internal location `FILES_ACCEL_REDIRECT_PREFIX`.
- `removed_on_failure`: the files stored inside it are deleted when the block fails.

The package's modules: `kinds` (what a file may be, names), `checks` (uploads by content),
`archives` (zips), `storage` (storing and serving). Callers import from `hoptac.core.files`.
"""

from __future__ import annotations

from .archives import check_archive, check_office_zip, extract_archive
from .checks import LAYER_FORMATS, check_layer_upload, check_upload, check_uploads, upload_help
from .kinds import (
    AGREEMENT_SOURCES,
    DOCUMENTS,
    EVIDENCE,
    KINDS,
    LOGOS,
    MAX_FILES,
    MAX_PDF_PAGES,
    MAX_TEXT_CHARS,
    MAX_ZIP_ENTRIES,
    OFFICE_MAIN_PART,
    OFFICE_MAX_RATIO,
    OFFICE_MAX_UNZIPPED,
    CheckedFile,
    Kind,
    content_type,
    random_name,
    safe_name,
)
from .storage import FileStorage, NoPublicUrl, delete, removed_on_failure, serve, store

__all__ = [
    "AGREEMENT_SOURCES",
    "DOCUMENTS",
    "EVIDENCE",
    "KINDS",
    "LAYER_FORMATS",
    "LOGOS",
    "MAX_FILES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CHARS",
    "MAX_ZIP_ENTRIES",
    "OFFICE_MAIN_PART",
    "OFFICE_MAX_RATIO",
    "OFFICE_MAX_UNZIPPED",
    "CheckedFile",
    "FileStorage",
    "Kind",
    "NoPublicUrl",
    "check_archive",
    "check_layer_upload",
    "check_office_zip",
    "check_upload",
    "check_uploads",
    "content_type",
    "delete",
    "extract_archive",
    "random_name",
    "removed_on_failure",
    "safe_name",
    "serve",
    "store",
    "upload_help",
]
