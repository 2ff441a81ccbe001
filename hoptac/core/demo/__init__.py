"""The Hanoi–Da Nang demo, drawn from Notice 2138-TB/TU (2019) (docs/source-document.md).

Loading is idempotent: a row is written only when it is missing or differs, so loading twice
changes nothing, not even the audit trail. Other apps add their part with ``register_loader``.

`loading` holds the mechanism (``register_loader``, ``sync``, ``load``); the core's own part is
data in `fields`, `localities`, `bodies` (the bodies every city has), `cities` (Hanoi's and Da
Nang's) and `accounts`, written by `world`. Import from ``hoptac.core.demo``.
"""

from __future__ import annotations

from .accounts import ACCOUNT_PREFIX, ACCOUNTS, DEMO_PASSWORD, demo_accounts
from .bodies import DEPARTMENT_REFORM_DAY
from .cities import COUNTERPARTS, ORGANISATIONS
from .fields import FIELD_PROFILES, FIELDS, field_vocabulary
from .loading import load, register_loader, sync
from .localities import LOCALITIES, MERGER_DAY
from .world import NOTICE_DAY, _load_core

__all__ = [
    "ACCOUNTS",
    "ACCOUNT_PREFIX",
    "COUNTERPARTS",
    "DEMO_PASSWORD",
    "DEPARTMENT_REFORM_DAY",
    "FIELDS",
    "FIELD_PROFILES",
    "LOCALITIES",
    "MERGER_DAY",
    "NOTICE_DAY",
    "ORGANISATIONS",
    "_load_core",
    "demo_accounts",
    "field_vocabulary",
    "load",
    "register_loader",
    "sync",
]
