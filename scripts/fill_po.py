"""Fill msgstr in a .po from a JSON dictionary {msgid: msgstr or [singular, plural]}.

Used to keep the Vietnamese catalogue complete after `make messages`:
    .venv/bin/python scripts/fill_po.py locale/vi/LC_MESSAGES/django.po translations.json
Entries already translated are left alone unless --force.
"""

from __future__ import annotations

import json
import sys

import polib


def main() -> None:
    po_path, json_path = sys.argv[1], sys.argv[2]
    force = "--force" in sys.argv
    po = polib.pofile(po_path)
    table = json.load(open(json_path, encoding="utf-8"))
    for msgid, value in table.items():
        entry = po.find(msgid)
        if entry is None:
            entry = polib.POEntry(msgid=msgid, msgstr="")
            po.append(entry)
        # makemessages guesses ("fuzzy") from similar strings: a guess is not a translation
        redo = force or "fuzzy" in entry.flags
        if entry.msgid_plural:
            if redo or not entry.msgstr_plural.get(0):
                vals = value if isinstance(value, list) else [value, value]
                entry.msgstr_plural = {0: vals[-1]}
        elif redo or not entry.msgstr:
            entry.msgstr = value
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(po_path)
    missing = [e.msgid for e in po if not e.obsolete and not (e.msgstr or e.msgstr_plural.get(0))]
    if missing:
        print("untranslated:", *missing, sep="\n  ")


if __name__ == "__main__":
    main()
