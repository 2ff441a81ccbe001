"""Reading a one-stop shop's dossier figures: monthly tables, or dossier-level records.

Two kinds of file, XLSX or CSV, headers matched without accents or case (as for catalogues):

* **Monthly figures** — one row per month, agency and procedure code, with the counts the
  Decision 766/QĐ-TTg components need (received, received online, finished early or on time,
  finished late, digitised, results issued electronically, payable and paid online, feedback
  received, handled on time and dissatisfied, dossiers rated and rated dissatisfied). Only
  received, on time and late are required: a count whose column a file lacks is stored as NULL,
  "not reported" (``models.OPTIONAL``), never 0, and the components it enters are not computed.
  A blank cell is not given either: "0" is zero, a blank optional count is not reported for its
  row, a blank required count is refused.
* **Dossier records** — one row per dossier: procedure code, agency, received, due and finished
  timestamps, status (and optional columns: the channel, and the yes/no digitised, electronic
  result, fee payable, paid online; a file without one has that count not reported, NULL, as the
  feedback and ratings a records file never has; a record whose cell is blank in one leaves that
  count not reported for its month, agency and procedure: "Không" is no, a blank is not given,
  and an open dossier needs no electronic result). The monthly figures are computed from them,
  by the month the dossier was received. A records file is the one-stop shop's export of whole
  months: every dossier received in them, each with its state at the export. Its import replaces
  every figure held for those months (all agencies and procedures, not only those in the file: a
  dossier a corrected export drops or moves to another agency does not linger). Because a file
  of one agency or procedure would so wipe the rest of its months, an import that would delete
  figures of agencies or procedures the file does not hold for one of its months is refused,
  nothing written, each such month named with the agencies, procedures and dossiers it would
  drop, unless the importer says the file is the whole of its months (the import page's box,
  ``--replace-months``; ``actions.figures_dropped``, checked in the transaction that replaces
  them). A monthly table replaces only the rows it gives (its month, agency and procedure code),
  so it never deletes figures it does not hold. A dossier still
  in progress at the export and finished later ("carried over") is counted in the month it was
  received once it is finished, when a later export of that month is imported; until then it
  counts as received, not as finished. The national portal counts outcomes by the period they
  fall in instead (see the 766 data file's choices): here one month's figures come from one
  file. Dossier records are personal data under Decree 13/2023/NĐ-CP on personal data
  protection: a file with a column naming the applicant, an ID number, an address, a phone
  number, an e-mail or a birth date is refused as a whole, and nothing of it is kept.

Everything is checked before anything is written; every error names its row (as the
spreadsheet numbers it) and its column.
"""

from .common import (
    IGNORED,
    MAX_BYTES,
    MAX_MONTH_ROWS,
    MAX_RECORD_BYTES,
    MAX_RECORD_ROWS,
    PERSONAL,
    ParsedStatistics,
)
from .monthly import BOUNDS, MONTHLY, MONTHLY_LABELS, MONTHLY_REQUIRED, parse_monthly
from .records import CHANNELS, RECORDS, RECORDS_LABELS, RECORDS_REQUIRED, STATUSES, parse_records

__all__ = [
    "BOUNDS",
    "CHANNELS",
    "IGNORED",
    "MAX_BYTES",
    "MAX_MONTH_ROWS",
    "MAX_RECORD_BYTES",
    "MAX_RECORD_ROWS",
    "MONTHLY",
    "MONTHLY_LABELS",
    "MONTHLY_REQUIRED",
    "PERSONAL",
    "RECORDS",
    "RECORDS_LABELS",
    "RECORDS_REQUIRED",
    "STATUSES",
    "ParsedStatistics",
    "parse_monthly",
    "parse_records",
]
