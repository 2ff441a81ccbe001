"""Every write of the exchange with consequences: history entry, stored files, notifications.

Views, the API, tasks and the demo call these; nothing else writes. Each runs in one
transaction, and the files it stored are removed again when the transaction fails, so an
error never leaves anything half-saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import dates
from hoptac.core import files as stored_files
from hoptac.core.files import CheckedFile
from hoptac.core.models import CooperationField, Locality, Organisation, User
from hoptac.core.notifications import message, notify
from hoptac.core.queries import partner_locality_ids

from .models import (
    Activity,
    Addressee,
    Adoption,
    Answer,
    Attachment,
    ExperienceRequest,
    Participant,
    Policy,
    Practice,
    Publication,
)
from .queries import people_of, reminders_due


def _by(obj, user: User | None, reason: str = "") -> None:
    """Tell django-simple-history who made the change and why."""
    obj._history_user = user
    if reason:
        obj._change_reason = reason


@contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    with stored_files.removed_on_failure() as stored, transaction.atomic():
        yield stored


def _attach(
    stored: list[str], files: Iterable[CheckedFile], by: User | None, **owner
) -> list[Attachment]:
    attachments = []
    for checked in files:
        path = stored_files.store(checked, "exchange")
        stored.append(path)
        attachments.append(
            Attachment.objects.create(
                file=path,
                name=checked.name,
                kind=checked.kind,
                size=checked.size,
                text=checked.text,
                uploaded_by=by,
                **owner,
            )
        )
    return attachments


def _remove_attachments(owner_filter: dict, ids: Iterable[int]) -> None:
    for attachment in Attachment.objects.filter(pk__in=list(ids), **owner_filter):
        name = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda name=name: stored_files.delete(name))


def _save_owned(obj, by: User | None, reason: str, fields: Iterable[CooperationField]) -> bool:
    """The steps every library item shares: its locality is its organisation's, its author is
    stamped once, the change is recorded with its reason, and its fields are set. Returns whether
    the item was new."""
    creating = obj.pk is None
    obj.locality_id = obj.organisation.locality_id
    if creating:
        obj.created_by = by
    _by(obj, by, reason)
    obj.save()
    obj.fields.set(list(fields))
    return creating


# --- Practices ---------------------------------------------------------------------------
def save_practice(
    practice: Practice,
    by: User | None,
    *,
    fields: Iterable[CooperationField] = (),
    files: Iterable[CheckedFile] = (),
    remove_attachments: Iterable[int] = (),
    reason: str = "",
) -> Practice:
    """Create or change a practice with its fields and attachments; stamp its publication."""
    with _files_removed_on_failure() as stored:
        if practice.status == Publication.PUBLISHED and practice.published_at is None:
            practice.published_at = timezone.now()
        if practice.status == Publication.DRAFT:
            practice.published_at = None
        creating = _save_owned(practice, by, reason, fields)
        if not creating:
            _remove_attachments({"practice": practice}, remove_attachments)
        _attach(stored, files, by, practice=practice)
    return practice


def record_adoption(
    practice: Practice,
    by: User,
    organisation: Organisation,
    *,
    started_on: dt.date | None = None,
    plan: str = "",
) -> Adoption:
    """A partner city's organisation takes a practice over; the owner is told."""
    if organisation.locality_id == practice.locality_id:
        raise PermissionDenied(_("A practice is taken over by a partner locality."))
    with transaction.atomic():
        adoption = Adoption(
            practice=practice,
            organisation=organisation,
            locality_id=organisation.locality_id,
            started_on=started_on or dates.today(),
            plan=plan,
            created_by=by,
        )
        _by(adoption, by)
        adoption.save()

        notify(
            people_of([practice.organisation_id]),
            message(
                gettext_lazy("%(org)s takes over your practice “%(practice)s”."),
                org=organisation,
                practice=practice,
            ),
            practice.get_absolute_url(),
        )
    return adoption


def report_adoption_outcome(adoption: Adoption, by: User, outcome: str, report: str) -> Adoption:
    """Report how taking the practice over went."""
    with transaction.atomic():
        adoption.outcome = outcome
        adoption.outcome_report = report
        adoption.reported_at = timezone.now()
        _by(adoption, by)
        adoption.save()
        practice = adoption.practice

        notify(
            people_of([practice.organisation_id]),
            message(
                gettext_lazy("%(org)s reported the outcome of taking over “%(practice)s”."),
                org=adoption.organisation,
                practice=practice,
            ),
            practice.get_absolute_url(),
        )
    return adoption


# --- Policies ----------------------------------------------------------------------------
def save_policy(
    policy: Policy,
    by: User | None,
    *,
    fields: Iterable[CooperationField] = (),
    practices: Iterable[Practice] = (),
    reason: str = "",
) -> Policy:
    """Create or change a policy with its fields and linked practices."""
    with transaction.atomic():
        _save_owned(policy, by, reason, fields)
        policy.practices.set(list(practices))
    return policy


# --- Experience requests -----------------------------------------------------------------
def send_request(
    by: User,
    organisation: Organisation,
    *,
    subject: str,
    question: str,
    due_on: dt.date,
    counterpart: Organisation | None = None,
    localities: Iterable[Locality] | None = None,
    fields: Iterable[CooperationField] = (),
) -> ExperienceRequest:
    """Ask the counterpart body, or every partner locality, a question; tell the addressees."""
    with transaction.atomic():
        request = ExperienceRequest(
            organisation=organisation,
            locality_id=organisation.locality_id,
            subject=subject,
            question=question,
            due_on=due_on,
            created_by=by,
        )
        _by(request, by)
        request.save()
        request.fields.set(list(fields))
        if counterpart is not None:
            targets = [(counterpart.locality_id, counterpart)]
        else:
            ids = (
                [loc.pk for loc in localities]
                if localities is not None
                else partner_locality_ids(organisation.locality_id)
            )
            targets = [(loc, None) for loc in ids]
        Addressee.objects.bulk_create(
            Addressee(request=request, locality_id=loc, organisation=org) for loc, org in targets
        )

        org_ids = [org.pk for _loc, org in targets if org is not None]
        loc_ids = [loc for loc, org in targets if org is None]
        notify(
            people_of(org_ids, loc_ids),
            message(
                gettext_lazy("A question from %(org)s: “%(subject)s”, answer wanted by %(due)s."),
                org=organisation,
                subject=subject,
                due=due_on.strftime("%d/%m/%Y"),
            ),
            request.get_absolute_url(),
        )
    return request


def answer_request(
    addressee: Addressee,
    by: User,
    organisation: Organisation,
    *,
    body: str,
    practices: Iterable[Practice] = (),
    files: Iterable[CheckedFile] = (),
) -> Answer:
    """The counterpart answers; the first answer of each locality stamps its answer time."""
    with _files_removed_on_failure() as stored:
        addressee = (
            Addressee.objects.select_for_update().select_related("request").get(pk=addressee.pk)
        )
        request = addressee.request
        if request.status == ExperienceRequest.Status.CLOSED:
            raise PermissionDenied(_("This request is closed."))
        answer = Answer(addressee=addressee, organisation=organisation, body=body, created_by=by)
        _by(answer, by)
        answer.save()
        answer.practices.set(list(practices))
        _attach(stored, files, by, answer=answer)
        if addressee.state == Addressee.State.PENDING:
            addressee.state = Addressee.State.ANSWERED
            addressee.answered_at = timezone.now()
            addressee.save(update_fields=["state", "answered_at"])
        if not request.addressees.filter(state=Addressee.State.PENDING).exists():
            if request.status == ExperienceRequest.Status.OPEN:
                request.status = ExperienceRequest.Status.ANSWERED
                _by(request, by)
                request.save(update_fields=["status"])

        notify(
            people_of([request.organisation_id]),
            message(
                gettext_lazy("%(org)s answered “%(subject)s”."),
                org=organisation,
                subject=request.subject,
            ),
            request.get_absolute_url(),
        )
    return answer


def close_request(request: ExperienceRequest, by: User) -> ExperienceRequest:
    """The asking side closes its request; no more answers or reminders."""
    with transaction.atomic():
        request.status = ExperienceRequest.Status.CLOSED
        request.closed_at = timezone.now()
        _by(request, by)
        request.save(update_fields=["status", "closed_at"])
    return request


def send_reminders(today: dt.date | None = None, soon_days: int = 3) -> int:
    """Remind addressees of requests due soon or overdue, at most once a day; returns how many."""
    today = today or dates.today()
    sent = 0
    with transaction.atomic():
        for addressee in reminders_due(today, soon_days).select_for_update(of=("self",)):
            request = addressee.request
            overdue = request.due_on < today

            template = (
                gettext_lazy("Overdue: %(org)s asked “%(subject)s” for an answer by %(due)s.")
                if overdue
                else gettext_lazy("Due soon: %(org)s asked “%(subject)s” for an answer by %(due)s.")
            )
            orgs = [addressee.organisation_id] if addressee.organisation_id else []
            notify(
                people_of(orgs, [addressee.locality_id]),
                message(
                    template,
                    org=request.organisation,
                    subject=request.subject,
                    due=request.due_on.strftime("%d/%m/%Y"),
                ),
                request.get_absolute_url(),
            )
            addressee.reminders_sent += 1
            addressee.last_reminded_on = today
            addressee.save(update_fields=["reminders_sent", "last_reminded_on"])
            sent += 1
    return sent


# --- Activities --------------------------------------------------------------------------
def save_activity(
    activity: Activity,
    by: User | None,
    *,
    fields: Iterable[CooperationField] = (),
    files: Iterable[CheckedFile] = (),
    remove_attachments: Iterable[int] = (),
    reason: str = "",
) -> Activity:
    """Create or change an activity (dates, agenda, minutes, outcomes) and its files."""
    with _files_removed_on_failure() as stored:
        creating = _save_owned(activity, by, reason, fields)
        if not creating:
            _remove_attachments({"activity": activity}, remove_attachments)
        _attach(stored, files, by, activity=activity)
    return activity


def register_for_activity(activity: Activity, user: User) -> Participant:
    """An account registers itself; registering twice changes nothing."""
    with transaction.atomic():
        existing = Participant.objects.filter(activity=activity, user=user).first()
        if existing is not None:
            return existing
        if activity.capacity and activity.participants.count() >= activity.capacity:
            raise PermissionDenied(_("This activity is full."))
        participant = Participant(activity=activity, user=user, role=Participant.Role.ATTENDEE)
        _by(participant, user)
        participant.save()

        notify(
            people_of([activity.organisation_id]),
            message(
                gettext_lazy("%(user)s registered for “%(activity)s”."),
                user=user,
                activity=activity,
            ),
            activity.get_absolute_url(),
        )
    return participant


def add_participant(activity: Activity, by: User, **values) -> Participant:
    """The host adds an account or an outside guest."""
    with transaction.atomic():
        participant = Participant(activity=activity, **values)
        _by(participant, by)
        participant.save()
    return participant
