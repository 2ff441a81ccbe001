"""The investment part of the Hanoi–Da Nang demo (paragraph 5 of Notice 2138-TB/TU).

Park figures are approximate and flagged as demonstration figures on the pages; enterprises are
fictitious (their tax codes are valid in form only). Loading twice changes nothing.

The data lives in `places` (parks and projects), `enterprises` and `incentives`; `loader` writes
it, and `events` the B2B day and the enquiries.
"""

from __future__ import annotations

from .common import tax_code
from .loader import load

__all__ = ["load", "tax_code"]
