"""Reads shared by views and other apps: what a user may see, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from .models import CounterpartLink, Locality, Membership, Organisation, Partnership, User


@dataclass(frozen=True)
class Scope:
    """The organisations and localities a user acts for, by role."""

    is_superuser: bool = False
    org_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    locality_roles: dict[int, frozenset[str]] = field(default_factory=dict)
    partner_localities: frozenset[int] = frozenset()

    @property
    def localities(self) -> frozenset[int]:
        return frozenset(self.locality_roles)

    def localities_with(self, role: str) -> list[int]:
        """The localities where the user holds `role` (e.g. where they coordinate)."""
        return [loc for loc, roles in self.locality_roles.items() if role in roles]

    def has_locality_role(self, locality_id: int | None, *roles: str) -> bool:
        return bool(self.locality_roles.get(locality_id, frozenset()) & set(roles))

    def has_org_role(self, organisation_id: int | None, *roles: str) -> bool:
        return bool(self.org_roles.get(organisation_id, frozenset()) & set(roles))


EMPTY_SCOPE = Scope()


def scope_for(user: User) -> Scope:
    """The user's current memberships and partner localities (two queries, cached on the user)."""
    if not getattr(user, "is_authenticated", False):
        return EMPTY_SCOPE
    cached = getattr(user, "_hoptac_scope", None)
    if cached is not None:
        return cached
    org_roles: dict[int, set[str]] = {}
    locality_roles: dict[int, set[str]] = {}
    rows = (
        Membership.objects.valid_on()
        .filter(user=user, organisation__in=Organisation.objects.valid_on())
        .values_list("organisation_id", "organisation__locality_id", "role")
    )
    for org_id, locality_id, role in rows:
        org_roles.setdefault(org_id, set()).add(role)
        locality_roles.setdefault(locality_id, set()).add(role)
    partners: set[int] = set()
    if locality_roles:
        own = list(locality_roles)
        for a, b in Partnership.objects.filter(
            Q(locality_a__in=own) | Q(locality_b__in=own)
        ).values_list("locality_a_id", "locality_b_id"):
            partners.update({a, b})
        partners -= set(own)
    scope = Scope(
        is_superuser=user.is_superuser,
        org_roles={k: frozenset(v) for k, v in org_roles.items()},
        locality_roles={k: frozenset(v) for k, v in locality_roles.items()},
        partner_localities=frozenset(partners),
    )
    user._hoptac_scope = scope
    return scope


def partner_locality_ids(locality_id: int) -> list[int]:
    """Localities in partnership with this one (not itself), in id order."""
    ids: set[int] = set()
    for a, b in Partnership.objects.filter(
        Q(locality_a=locality_id) | Q(locality_b=locality_id)
    ).values_list("locality_a_id", "locality_b_id"):
        ids.update({a, b})
    ids.discard(locality_id)
    return sorted(ids)


def organisations_for_directory(locality: Locality | None = None) -> QuerySet[Organisation]:
    """Organisations as the directory lists them, with locality and parent joined."""
    qs = Organisation.objects.select_related("locality", "parent", "successor")
    if locality is not None:
        qs = qs.filter(locality=locality)
    return qs


def counterparts_of(organisation: Organisation) -> QuerySet[CounterpartLink]:
    """Counterpart links of an organisation, either side, with both ends joined."""
    return (
        CounterpartLink.objects.filter(
            Q(organisation_a=organisation) | Q(organisation_b=organisation)
        )
        .select_related("organisation_a__locality", "organisation_b__locality", "field")
        .order_by("field__order")
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """Current members of an organisation, with their accounts."""
    return (
        Membership.objects.valid_on()
        .filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name")
    )


def localities_with_history() -> QuerySet[Locality]:
    """Every locality with its predecessors, for the page that shows the 2025 changes."""
    return Locality.objects.select_related("successor").prefetch_related(
        Prefetch("predecessors", queryset=Locality.objects.order_by("code"))
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's memberships with organisation and locality joined."""
    return Membership.objects.filter(user=user).select_related("organisation__locality")
