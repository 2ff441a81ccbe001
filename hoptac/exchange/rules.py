"""Who may read and change what in the exchange.

Published public items: everyone. Published partners-only items: members of the owning locality
and of its partner localities. Drafts: the owning locality only. Changes: the owning
organisation's officers and coordinators, and the locality's coordinators — never another city.
"""

from __future__ import annotations

from typing import Any

import rules

from hoptac.core.queries import scope_for
from hoptac.core.rules import (
    coordinator_of_locality,
    is_superuser,
    member_of_locality,
    member_of_partner_locality,
    officer_of_organisation,
)


@rules.predicate
def is_published(user, obj) -> bool:
    return getattr(obj, "status", None) == "published"


@rules.predicate
def is_public_item(user, obj) -> bool:
    return getattr(obj, "visibility", None) == "public"


@rules.predicate
def acts_for_an_organisation(user) -> bool:
    scope = scope_for(user)
    return any(roles & {"officer", "coordinator"} for roles in scope.org_roles.values())


@rules.predicate
def addressed_to_user(user, request: Any) -> bool:
    """The request is addressed to one of the user's localities."""
    localities = scope_for(user).localities
    return any(a.locality_id in localities for a in request.addressees.all())


@rules.predicate
def may_answer_addressee(user, addressee: Any) -> bool:
    """An officer of the named counterpart, or any officer/coordinator of the addressed city."""
    if addressee is None:
        return False
    scope = scope_for(user)
    if addressee.organisation_id:
        if scope.has_org_role(addressee.organisation_id, "officer", "coordinator"):
            return True
        return scope.has_locality_role(addressee.locality_id, "coordinator")
    return scope.has_locality_role(addressee.locality_id, "officer", "coordinator")


can_view_item = (
    is_superuser
    | member_of_locality
    | (is_published & (is_public_item | member_of_partner_locality))
)
can_change_item = is_superuser | officer_of_organisation | coordinator_of_locality
can_create_item = is_superuser | acts_for_an_organisation
# A request is private to the asking city and the cities it is addressed to.
can_view_request = is_superuser | member_of_locality | addressed_to_user
can_close_request = can_change_item


@rules.predicate
def may_adopt(user, practice: Any) -> bool:
    """Officers and coordinators of a partner city may record that they take a practice over."""
    if practice is None or practice.status != "published":
        return False
    scope = scope_for(user)
    if practice.locality_id not in scope.partner_localities:
        return False
    return any(
        scope.has_locality_role(loc, "officer", "coordinator")
        for loc in scope.localities
        if loc != practice.locality_id
    )


@rules.predicate
def may_report_adoption(user, adoption: Any) -> bool:
    return scope_for(user).has_org_role(
        adoption.organisation_id, "officer", "coordinator"
    ) or scope_for(user).has_locality_role(adoption.locality_id, "coordinator")


@rules.predicate
def may_register(user, activity: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and activity.registration_is_open()


rules.add_perm("exchange.view_item", can_view_item)
rules.add_perm("exchange.change_item", can_change_item)
rules.add_perm("exchange.create_item", can_create_item)
rules.add_perm("exchange.view_request", can_view_request)
rules.add_perm("exchange.close_request", can_close_request)
rules.add_perm("exchange.answer", is_superuser | may_answer_addressee)
rules.add_perm("exchange.adopt_practice", may_adopt)
rules.add_perm("exchange.report_adoption", is_superuser | may_report_adoption)
rules.add_perm("exchange.register", can_view_item & may_register)
