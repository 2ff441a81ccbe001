"""Who may change a city's indicators: its coordinators and administrators (and superusers).

The procedure catalogues are public facts: everyone reads them. The object of the permission is
the city (a Locality).
"""

from __future__ import annotations

import rules

from hoptac.core.queries import scope_for
from hoptac.core.rules import is_superuser


@rules.predicate
def manages_city(user, locality) -> bool:
    return scope_for(user).has_locality_role(getattr(locality, "pk", None), "coordinator", "admin")


rules.add_perm("indicators.import_catalogue", is_superuser | manages_city)
