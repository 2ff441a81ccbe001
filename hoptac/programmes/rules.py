"""Who may do what with agreements and tasks.

A task belongs to its lead organisation's locality. The lead's officers and coordinators report
on it and ask for more time; the coordinator of that locality decides; members of every party
locality read and comment. Nobody changes another locality's tasks.
"""

from __future__ import annotations

import rules

from hoptac.core.queries import scope_for
from hoptac.core.rules import (
    coordinator_of_locality,
    is_superuser,
    officer_of_organisation,
)


@rules.predicate
def member_of_a_party(user, obj) -> bool:
    """The user belongs to a locality that is a party to the object's agreement."""
    if obj is None:
        return False
    agreement = (
        getattr(obj, "agreement", None)
        or getattr(getattr(obj, "commitment", None), "agreement", None)
        or obj
    )
    party_ids = getattr(agreement, "_party_ids", None)
    if party_ids is None:
        party_ids = set(agreement.parties.values_list("pk", flat=True))
        agreement._party_ids = party_ids
    return bool(party_ids & scope_for(user).localities)


@rules.predicate
def is_public_agreement(user, obj) -> bool:
    return bool(getattr(obj, "is_public", False))


@rules.predicate
def coordinator_of_a_party(user, obj) -> bool:
    scope = scope_for(user)
    party_ids = getattr(obj, "_party_ids", None)  # cached as member_of_a_party does
    if party_ids is None:
        party_ids = set(obj.parties.values_list("pk", flat=True))
        obj._party_ids = party_ids
    return any(scope.has_locality_role(loc, "coordinator") for loc in party_ids)


@rules.predicate
def coordinator_somewhere(user) -> bool:
    """The user coordinates in at least one locality (only coordinators record agreements)."""
    return bool(scope_for(user).localities_with("coordinator"))


can_read_task = is_superuser | member_of_a_party
can_work_on_task = is_superuser | officer_of_organisation | coordinator_of_locality

rules.add_perm("programmes.view_agreement", is_superuser | is_public_agreement | member_of_a_party)
rules.add_perm("programmes.add_agreement", is_superuser | coordinator_somewhere)
rules.add_perm("programmes.change_agreement", is_superuser | coordinator_of_locality)
rules.add_perm("programmes.add_task_to_agreement", is_superuser | coordinator_of_a_party)
rules.add_perm("programmes.view_task", can_read_task)
rules.add_perm("programmes.change_task", is_superuser | coordinator_of_locality)
rules.add_perm("programmes.report_progress", can_work_on_task)
rules.add_perm("programmes.request_extension", can_work_on_task)
rules.add_perm("programmes.decide_extension", is_superuser | coordinator_of_locality)
rules.add_perm("programmes.reopen_task", is_superuser | coordinator_of_locality)
rules.add_perm("programmes.comment_task", can_read_task)


@rules.predicate
def officer_of_a_partner_body(user, task) -> bool:
    """The user works for one of the task's partner organisations (read from the prefetched
    partners when the page has them)."""
    if task is None or task.pk is None:
        return False
    scope = scope_for(user)
    return any(scope.has_org_role(p.pk, "officer", "coordinator") for p in task.partners.all())


# A finished task is closed: an officer of its lead or of a partner body asks for it to be
# reopened; the coordinator of the lead's locality confirms (programmes.reopen_task) or declines.
rules.add_perm("programmes.request_reopen", officer_of_organisation | officer_of_a_partner_body)


@rules.predicate
def coordinator_of_a_party_of_commitment(user, commitment) -> bool:
    """The user coordinates a locality that is a party to the commitment's agreement."""
    return commitment is not None and coordinator_of_a_party(user, commitment.agreement)


# Publication is the coordinators' act: a commitment by a coordinator of a party, an evidence
# file (checked against its task) by the coordinator of the lead's locality.
rules.add_perm("programmes.publish_commitment", is_superuser | coordinator_of_a_party_of_commitment)
rules.add_perm("programmes.publish_evidence", is_superuser | coordinator_of_locality)
