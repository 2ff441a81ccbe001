from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from hoptac.exchange import markup
from hoptac.exchange.models import Adoption, Attachment, Participant, Policy

from .factories import ActivityFactory, PolicyFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_an_item_takes_the_locality_of_its_organisation(world):
    practice = PracticeFactory(organisation=world.department["partner"], locality=None)
    assert practice.locality == world.localities["partner"]


def test_an_item_whose_organisation_is_of_another_city_is_invalid(world):
    practice = PracticeFactory.build(
        organisation=world.department["own"], locality=world.localities["partner"]
    )
    with pytest.raises(ValidationError):
        practice.full_clean()


def test_english_titles_are_used_in_english_only_when_given(world):
    practice = PracticeFactory(organisation=world.department["own"], title_en="")
    with translation.override("en"):
        assert practice.title == practice.title_vi
        practice.title_en = "Online services"
        assert practice.title == "Online services"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"issued_on": dt.date(2020, 1, 2), "effective_on": dt.date(2020, 1, 1)}, "effective_on"),
        ({"effective_on": dt.date(2020, 1, 2), "expires_on": dt.date(2020, 1, 1)}, "expires_on"),
        ({"legal_status": "replaced"}, "replaced_by"),
    ],
)
def test_policy_dates_and_replacement_are_consistent(world, values, field):
    policy = PolicyFactory.build(organisation=world.department["own"], **values)
    with pytest.raises(ValidationError) as excinfo:
        policy.full_clean()
    assert field in excinfo.value.message_dict


def test_a_policy_cannot_replace_itself(world):
    policy = PolicyFactory(organisation=world.department["own"])
    policy.replaced_by = policy
    with pytest.raises(ValidationError):
        policy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Policy.objects.filter(pk=policy.pk).update(replaced_by=policy)


def test_an_activity_cannot_end_before_it_starts(world):
    start = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityFactory(
            organisation=world.department["own"],
            starts_at=start,
            ends_at=start - dt.timedelta(hours=1),
        )


def test_a_participant_is_an_account_or_a_named_guest(world):
    activity = ActivityFactory(organisation=world.department["own"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(activity=activity)


def test_an_attachment_belongs_to_exactly_one_item(world):
    practice = PracticeFactory(organisation=world.department["own"])
    activity = ActivityFactory(organisation=world.department["own"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(
            practice=practice, activity=activity, file="x.pdf", name="x", kind="pdf", size=1
        )


def test_a_city_does_not_adopt_its_own_practice(world):
    practice = PracticeFactory(organisation=world.department["own"])
    adoption = Adoption(practice=practice, organisation=world.office["own"])
    with pytest.raises(ValidationError):
        adoption.full_clean()


def test_registration_closes_at_the_deadline_and_when_it_starts(world):
    activity = ActivityFactory(
        organisation=world.department["own"],
        registration_open=True,
        registration_deadline=timezone.localdate() + dt.timedelta(days=1),
    )
    assert activity.registration_is_open()
    assert not activity.registration_is_open(timezone.localdate() + dt.timedelta(days=2))
    activity.status = "draft"
    assert not activity.registration_is_open()


def test_markdown_keeps_structure_and_drops_anything_active():
    html = markup.render(
        "## T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<iframe src=x></iframe>"
        "<b onmouseover=x>b</b> [l](javascript:x) [ok](https://x.vn)"
    )
    assert "<h2>T</h2>" in html and "<table>" in html
    assert "iframe" not in html and "onmouseover" not in html and "javascript" not in html
    assert 'href="https://x.vn"' in html
    assert markup.plain("**đậm** <script>x</script>") == "đậm"


def test_search_entries_carry_attachment_text_and_the_right_readers(world):
    from hoptac.core.files import check_upload
    from hoptac.exchange import actions, queries, search

    from .files import docx_bytes, upload

    practice = PracticeFactory(organisation=world.department["own"], status="draft")
    actions.save_practice(
        practice, None, files=[check_upload(upload("a.docx", docx_bytes("bộ phận một cửa")))]
    )
    assert "bộ phận một cửa" in search.practice_body(practice)
    own, partner = world.localities["own"].pk, world.localities["partner"].pk
    assert queries.readers_of(practice) == [own]
    practice.status = "published"
    assert sorted(queries.readers_of(practice)) == sorted([own, partner])
