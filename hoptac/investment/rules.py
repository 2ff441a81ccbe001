"""Who may do what in the investment app.

Every object belongs to one locality (the city that publishes it); only that city's coordinators,
officers and admins change it. The public sees the portal: published projects, parks, verified
enterprises. Officers of partner cities read each other's enquiries only if they belong to them.
"""

from __future__ import annotations

import rules

from hoptac.core.queries import scope_for
from hoptac.core.rules import (
    admin_of_locality,
    coordinator_of_locality,
    has_any_membership,
    is_superuser,
    member_of_locality,
    owner_locality_id,
)


@rules.predicate
def staff_of_locality(user, obj) -> bool:
    return scope_for(user).has_locality_role(
        owner_locality_id(obj), "coordinator", "officer", "admin"
    )


@rules.predicate
def coordinator_of_brand(user, brand) -> bool:
    if brand is None:
        return False
    scope = scope_for(user)
    return any(
        scope.has_locality_role(pk, "coordinator")
        for pk in brand.localities.values_list("pk", flat=True)
    )


@rules.predicate
def staff_anywhere(user) -> bool:
    scope = scope_for(user)
    return any(
        roles & {"coordinator", "officer", "admin"} for roles in scope.locality_roles.values()
    )


can_edit = is_superuser | staff_of_locality

rules.add_perm("investment.change_project", can_edit)
rules.add_perm("investment.change_park", can_edit)
rules.add_perm("investment.change_guidestep", can_edit)
rules.add_perm("investment.change_enterprise", can_edit)
rules.add_perm(
    "investment.verify_enterprise", is_superuser | coordinator_of_locality | admin_of_locality
)
rules.add_perm("investment.change_brand", is_superuser | coordinator_of_brand)
rules.add_perm("investment.handle_enquiry", is_superuser | member_of_locality)
rules.add_perm("investment.manage_event", can_edit)
rules.add_perm("investment.create", is_superuser | staff_anywhere)
rules.add_perm("investment.use_workspace", is_superuser | has_any_membership)
