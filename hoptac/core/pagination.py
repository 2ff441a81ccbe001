"""The one pagination of the JSON API: limit and offset with bounds.

Ninja's own ``LimitOffsetPagination`` accepts any integer, and a limit or offset past 2**63 reached
the database and failed there (a 500). Here both are bounded in the query schema, so a value out
of range is a 422 naming the parameter, and the bounds are in the OpenAPI document.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 100
# Far beyond any list the platform holds, and far below the 64-bit integers of SQL.
MAX_OFFSET = 1_000_000


class Pagination(LimitOffsetPagination):
    """Limit/offset pagination whose parameters are bounded (422 outside the bounds)."""

    class Input(Schema):
        limit: int = Field(
            MAX_LIMIT,
            ge=1,
            le=MAX_LIMIT,
            description=f"How many items to return, from 1 to {MAX_LIMIT}.",
        )
        offset: int = Field(
            0,
            ge=0,
            le=MAX_OFFSET,
            description=f"How many items to skip, from 0 to {MAX_OFFSET}.",
        )

    def __init__(self, **kwargs) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
