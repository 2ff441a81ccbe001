"""Who may do what with layers: reuse of the shared predicates of hoptac.core.rules."""

from __future__ import annotations

import rules

from hoptac.core.rules import (
    can_manage_locality,
    has_any_membership,
    is_superuser,
    member_of_locality,
    member_of_partner_locality,
    officer_of_organisation,
)


@rules.predicate
def layer_is_public(user, layer) -> bool:
    return getattr(layer, "visibility", None) == "public"


@rules.predicate
def layer_is_for_partners(user, layer) -> bool:
    return getattr(layer, "visibility", None) == "partners"


can_view_layer = (
    layer_is_public
    | is_superuser
    | member_of_locality
    | (layer_is_for_partners & member_of_partner_locality)
)
# The owner organisation's officers and the locality's coordinators and admins edit a layer.
can_change_layer = can_manage_locality | officer_of_organisation

rules.add_perm("geodata.view_layer", can_view_layer)
rules.add_perm("geodata.change_layer", can_change_layer)
rules.add_perm("geodata.add_layer", is_superuser | has_any_membership)
