"""Who may change a city's indicators: its coordinators and administrators (and superusers).

The procedure catalogues are public facts: everyone reads them. The object of the permission is
the city (a Locality).
"""

from __future__ import annotations

import rules

from hoptac.core.queries import scope_for
from hoptac.core.rules import (
    coordinator_of_locality,
    is_superuser,
    officer_of_organisation,
    owner_locality_id,
)


@rules.predicate
def manages_city(user, locality) -> bool:
    return scope_for(user).has_locality_role(getattr(locality, "pk", None), "coordinator", "admin")


rules.add_perm("indicators.import_catalogue", is_superuser | manages_city)
rules.add_perm("indicators.import_statistics", is_superuser | manages_city)


@rules.predicate
def member_or_partner(user, locality) -> bool:
    """Members of the city, or of a city in partnership with it, read all its figures."""
    scope = scope_for(user)
    pk = getattr(locality, "pk", None)
    return pk is not None and (pk in scope.localities or pk in scope.partner_localities)


# Figures marked public are read by everyone; the others by the city and its partners.
rules.add_perm("indicators.read_all_figures", is_superuser | member_or_partner)


# Who names the indicators a practice or policy serves: those who may change the item (its
# organisation's officers and coordinators, its city's coordinators), never another city.
rules.add_perm(
    "indicators.tag_item", is_superuser | officer_of_organisation | coordinator_of_locality
)


# A city's own indicator frameworks: imported and edited by its coordinators and administrators
# (the object is the city, or a framework or indicator, whose city is its owner).
@rules.predicate
def manages_owner_city(user, obj) -> bool:
    return scope_for(user).has_locality_role(owner_locality_id(obj), "coordinator", "admin")


rules.add_perm("indicators.import_framework", is_superuser | manages_city)
rules.add_perm("indicators.change_framework", is_superuser | manages_owner_city)


# The published indexes' figures a city imports or enters: its coordinators and administrators,
# for their own city only (the object is the city, or the figure, whose city is its owner).
rules.add_perm("indicators.enter_published_value", is_superuser | manages_city)
rules.add_perm("indicators.change_published_value", is_superuser | manages_owner_city)
