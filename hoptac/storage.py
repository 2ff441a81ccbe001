"""Static files for production: hashed and compressed names (whitenoise).

Vendored packages end with a `sourceMappingURL` comment; the source maps are not shipped (a
debugging aid, several MB), so the hashing step must not insist on finding them.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    kept = []
    for extension, rules in patterns:
        rules = tuple(
            r for r in rules if "sourceMappingURL" not in (r[0] if isinstance(r, tuple) else r)
        )
        kept.append((extension, rules))
    return tuple(kept)


class StaticStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
