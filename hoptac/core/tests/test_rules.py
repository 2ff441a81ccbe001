"""The permission matrix: every role x own / partner / unrelated locality x view / change."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

ROLES = ["coordinator", "officer", "leader", "admin"]
# (role, relation) -> (may view the organisation's members, may change the organisation)
EXPECTED = {
    ("coordinator", "own"): (True, True),
    ("coordinator", "partner"): (True, False),
    ("coordinator", "unrelated"): (False, False),
    ("officer", "own"): (True, False),
    ("officer", "partner"): (True, False),
    ("officer", "unrelated"): (False, False),
    ("leader", "own"): (True, False),
    ("leader", "partner"): (True, False),
    ("leader", "unrelated"): (False, False),
    ("admin", "own"): (True, True),
    ("admin", "partner"): (True, False),
    ("admin", "unrelated"): (False, False),
}


@pytest.mark.parametrize(("role", "relation"), list(EXPECTED))
def test_permission_matrix(world, member, role, relation):
    user = member(role)
    target = world.department[relation]
    can_view, can_change = EXPECTED[(role, relation)]
    assert user.has_perm("core.view_organisation_members", target) is can_view
    assert user.has_perm("core.change_organisation", target) is can_change


@pytest.mark.parametrize("relation", ["own", "partner", "unrelated"])
def test_anonymous_sees_no_members_and_changes_nothing(world, relation):
    target = world.department[relation]
    assert not AnonymousUser().has_perm("core.view_organisation_members", target)
    assert not AnonymousUser().has_perm("core.change_organisation", target)


def test_member_of_former_organisation_loses_its_rights(world, member):
    import datetime as dt

    user = member("coordinator")
    user.memberships.update(valid_to=dt.date(2020, 1, 1))
    assert not user.has_perm("core.change_organisation", world.department["own"])


def test_only_the_locality_admin_manages_memberships(world, member):
    from hoptac.core.tests.factories import MembershipFactory

    own_membership = MembershipFactory(organisation=world.department["own"])
    partner_membership = MembershipFactory(organisation=world.department["partner"])
    assert member("admin").has_perm("core.change_membership", own_membership)
    assert not member("admin").has_perm("core.change_membership", partner_membership)
    assert not member("coordinator").has_perm("core.change_membership", own_membership)


def test_superuser_may_change_any_locality(world):
    from hoptac.core.tests.factories import UserFactory

    root = UserFactory(is_superuser=True)
    assert all(root.has_perm("core.change_organisation", o) for o in world.department.values())
