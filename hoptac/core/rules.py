"""Permission predicates (the `rules` package), shared by every app.

An object belongs to a locality (``obj.locality_id``) and often to an organisation
(``obj.organisation_id``). Roles: coordinator runs cooperation for the locality, officer works for
one organisation, leader reads all of the locality's work, admin administers the locality's
accounts and bodies. Nobody ever changes another locality's objects.
"""

from __future__ import annotations

from typing import Any

import rules

from .queries import scope_for


def owner_locality_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if hasattr(obj, "locality_id"):
        return obj.locality_id
    organisation = getattr(obj, "organisation", None)
    return getattr(organisation, "locality_id", None)


def owner_organisation_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Organisation":
        return obj.pk
    return getattr(obj, "organisation_id", None)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def has_any_membership(user) -> bool:
    return bool(scope_for(user).org_roles)


@rules.predicate
def member_of_locality(user, obj) -> bool:
    return owner_locality_id(obj) in scope_for(user).localities


@rules.predicate
def member_of_partner_locality(user, obj) -> bool:
    return owner_locality_id(obj) in scope_for(user).partner_localities


@rules.predicate
def coordinator_of_locality(user, obj) -> bool:
    return scope_for(user).has_locality_role(owner_locality_id(obj), "coordinator")


@rules.predicate
def admin_of_locality(user, obj) -> bool:
    return scope_for(user).has_locality_role(owner_locality_id(obj), "admin")


@rules.predicate
def leader_of_locality(user, obj) -> bool:
    return scope_for(user).has_locality_role(owner_locality_id(obj), "leader")


@rules.predicate
def member_of_organisation(user, obj) -> bool:
    return bool(scope_for(user).org_roles.get(owner_organisation_id(obj)))


@rules.predicate
def officer_of_organisation(user, obj) -> bool:
    return scope_for(user).has_org_role(owner_organisation_id(obj), "officer", "coordinator")


@rules.predicate
def is_public(user, obj) -> bool:
    return getattr(obj, "visibility", None) == "public"


# Readers of a locality's shared work: its own members and the members of partner localities.
can_read_shared = is_superuser | member_of_locality | member_of_partner_locality
# Who administers a locality's bodies: its coordinators and admins, never another locality's.
can_manage_locality = is_superuser | coordinator_of_locality | admin_of_locality

rules.add_perm("core.view_organisation_members", can_read_shared)
rules.add_perm("core.change_organisation", can_manage_locality)
rules.add_perm("core.change_membership", is_superuser | admin_of_locality)
rules.add_perm(
    "core.view_audit",
    is_superuser | coordinator_of_locality | admin_of_locality | leader_of_locality,
)
