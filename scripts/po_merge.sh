#!/usr/bin/env bash
# A git merge driver for gettext catalogues: `git merge` of two branches that both added strings
# to the same .po file. Git's "union" driver (what .gitattributes said before) keeps both sides'
# lines, which breaks an entry's msgid/msgstr pairs when both sides edit near each other; msgcat
# merges entry by entry and keeps ours where both translate the same msgid.
# Install once per clone:
#   git config merge.pocat.name "gettext catalogue merge (msgcat)"
#   git config merge.pocat.driver "scripts/po_merge.sh %O %A %B"
# Then `scripts/messages.py` refreshes the catalogues after the merge.
set -euo pipefail
base=$1 ours=$2 theirs=$3
tmp=$(mktemp)
if msgcat --use-first --no-wrap -o "$tmp" "$ours" "$theirs" 2>/dev/null; then
  cp "$tmp" "$ours"; rm -f "$tmp"; exit 0
fi
rm -f "$tmp"
exit 1
