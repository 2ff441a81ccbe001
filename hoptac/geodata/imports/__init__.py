"""The import engine (callers import the module they need: `start` from views, `run` from the
task worker): an uploaded file becomes a new version of its layer, or a clear message.

- `start` — the entry points the views call: `start_import` (now or on the task worker),
  `rerun_import`, `retry_with_crs`;
- `run` — `run_import` (what the task worker runs), the clean-up after an interruption, the
  discarding of failed and abandoned uploads;
- `prepare` — the Python path: every feature read, transformed, checked and repaired into a
  spool file, with the report;
- `bulk` — the PostGIS path for large files: `ogr2ogr` into a staging table, then one transaction;
- `versions` — the new version opened and closed around either path's write;
- `indexes` — the indexes of the queryables the layer's owner declares, built by either path;
- `progress` — the job's progress, saved so that the polling page sees it.

What differs between the databases (the bulk path, partitions, staging tables, the progress
connection) is asked of `backends.Store`; nothing here tests the vendor.
"""
