"""Links from commitments to what carries them out: only to targets the linker may see, and
printed only for readers who may see them."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from hoptac.core import linkable
from hoptac.exchange.tests.factories import PracticeFactory
from hoptac.geodata.models import Layer
from hoptac.investment.tests.factories import ProjectFactory
from hoptac.programmes.models import CommitmentLink


@pytest.fixture
def hidden(world):
    """Hanoi's (`own`) objects that Da Nang (`partner`) may not see: a draft practice, an
    owner-only layer and a draft project."""
    dept = world.department["own"]
    return {
        "exchange.practice": PracticeFactory(
            organisation=dept, status="draft", title_vi="Thực tiễn nháp kín"
        ),
        "geodata.layer": Layer.objects.create(
            slug="lop-kin",
            name_vi="Lớp chỉ chủ sở hữu",
            organisation=dept,
            locality=dept.locality,
            theme="land_use",
            visibility="owner",
        ),
        "investment.project": ProjectFactory(
            locality=dept.locality, status="draft", title_vi="Dự án nháp kín"
        ),
    }


def _title(obj) -> str:
    return getattr(obj, "title_vi", None) or obj.name_vi


def _link(commitment, obj) -> CommitmentLink:
    return CommitmentLink.objects.create(
        commitment=commitment,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
    )


def test_the_linkable_kinds_are_those_commitments_supported():
    assert {k.key for k in linkable.kinds(linkable=True)} == {
        "exchange.practice",
        "exchange.policy",
        "exchange.activity",
        "geodata.layer",
        "investment.project",
        "indicators.indicatorgoal",
    }


@pytest.mark.parametrize("key", ["exchange.practice", "geodata.layer", "investment.project"])
def test_a_coordinator_cannot_link_another_city_s_hidden_object(
    client, programme, member, hidden, key
):
    client.force_login(member("coordinator", "partner"))
    response = client.post(
        reverse("programmes:link_commitment"),
        {"target": key, "object_id": hidden[key].pk, "commitment": programme.commitment.pk},
    )
    assert response.status_code == 404
    assert not CommitmentLink.objects.exists()


def test_a_coordinator_links_an_object_the_partner_published(client, programme, member, world):
    practice = PracticeFactory(organisation=world.department["own"])  # published to partners
    client.force_login(member("coordinator", "partner"))
    response = client.post(
        reverse("programmes:link_commitment"),
        {
            "target": "exchange.practice",
            "object_id": practice.pk,
            "commitment": programme.commitment.pk,
        },
    )
    assert response.status_code == 302
    link = CommitmentLink.objects.get()
    assert link.target == practice
    assert link.history.get().history_user is not None


@pytest.mark.parametrize("reader", ["anonymous", "partner officer", "partner coordinator"])
def test_the_agreement_page_does_not_print_a_linked_target_hidden_from_its_reader(
    client, programme, member, hidden, reader
):
    programme.agreement.is_public = True
    programme.agreement.save()
    for obj in hidden.values():
        _link(programme.commitment, obj)
    if reader != "anonymous":
        client.force_login(member(reader.split()[1], "partner"))
    page = client.get(reverse("programmes:agreement_detail", args=[programme.agreement.pk]))
    assert page.status_code == 200
    for obj in hidden.values():
        assert _title(obj) not in page.content.decode()


def test_the_owner_city_sees_its_own_linked_targets_with_their_addresses(
    client, programme, member, hidden
):
    for obj in hidden.values():
        _link(programme.commitment, obj)
    client.force_login(member("officer", "own"))
    page = client.get(reverse("programmes:agreement_detail", args=[programme.agreement.pk]))
    body = page.content.decode()
    for key, obj in hidden.items():
        assert _title(obj) in body
        assert linkable.kind(key).url(obj) in body


def test_an_unknown_or_unlinkable_kind_is_refused_before_any_lookup(member, programme):
    user = member("coordinator", "own")
    with pytest.raises(LookupError):
        linkable.visible_object(user, "core.user", 1)
    with pytest.raises(LookupError):
        linkable.visible_object(user, "investment.enterprise", 1, linkable=True)


def test_a_hidden_object_is_as_missing_as_a_missing_one(member, hidden):
    practice = hidden["exchange.practice"]
    with pytest.raises(type(practice).DoesNotExist):
        linkable.visible_object(member("officer", "partner"), "exchange.practice", practice.pk)
    owner = member("officer", "own")
    assert linkable.visible_object(owner, "exchange.practice", practice.pk) == practice


def test_visibility_of_many_targets_costs_one_query_per_kind(
    member, hidden, world, django_assert_num_queries
):
    shown = PracticeFactory(organisation=world.department["own"])
    objects = [*hidden.values(), shown, None]
    reader = member("officer", "partner")
    with django_assert_num_queries(3 + 2):  # three kinds; the reader's scope (two), once
        visible = linkable.keep_visible(reader, objects)
    assert visible == [shown]


@pytest.mark.parametrize(
    ("language", "text_en", "shown", "lang"),
    [
        ("en", "Promote investment together", "Promote investment together", "en"),
        ("en", "", "Phối hợp xúc tiến đầu tư", "vi"),
        ("vi", "Promote investment together", "Phối hợp xúc tiến đầu tư", "vi"),
    ],
)
def test_a_linked_commitment_is_shown_in_the_pages_language_or_marked_as_vietnamese(
    programme, language, text_en, shown, lang
):
    """The section on another app's page (a project, a practice…): an English page shows the
    commitment's English text when there is one, else the Vietnamese marked lang="vi"."""
    from django.template.loader import render_to_string
    from django.utils import translation

    commitment = programme.commitment
    commitment.text, commitment.text_en = "Phối hợp xúc tiến đầu tư", text_en
    commitment.save()
    link = _link(commitment, ProjectFactory())

    with translation.override(language):
        html = render_to_string("programmes/_serves.html", {"links": [link], "object_id": 1})

    assert f'<span lang="{lang}">{shown}</span>' in html
