"""B2B days for foreign participants: profiles, suggestions before the day, online meetings,
sessions and venues in both languages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.investment import actions, matching
from hoptac.investment.models import Meeting, MeetingRequest, Participant
from hoptac.investment.views.events import participant_url

from .factories import EnterpriseFactory, make_event


@pytest.fixture
def day(portal_world):
    event, slots, tables, _ = make_event(portal_world.localities["own"])
    event.venue_en = "Conference hall"
    event.save()
    session = slots[0].session
    session.name_en, session.venue, session.venue_en = "Morning", "Phòng 2", "Room 2"
    session.save()

    def foreign(name, offers="", needs="", division=""):
        return Participant.objects.create(
            event=event,
            company_name=name,
            country="Japan",
            contact_name="Contact",
            contact_email=f"{name.lower()}@example.jp",
            offers=offers,
            needs=needs,
            vsic_division=division,
        )

    return event, foreign


def _token(p):
    return participant_url(p).split("/")[-2]


def test_sessions_and_venues_are_in_the_page_language(client, day):
    event, _ = day
    en = client.get(reverse("investment:event_detail_en", args=[event.pk])).content.decode()
    assert "Conference hall" in en and "Room 2" in en and "Morning" in en
    assert "Hội trường" not in en and "Phòng 2" not in en
    vi = client.get(reverse("investment:event_detail", args=[event.pk])).content.decode()
    assert "Hội trường" in vi and "Phòng 2" in vi and "Conference hall" not in vi
    listing = client.get(reverse("investment:event_list_en")).content.decode()
    assert "Conference hall" in listing


def test_a_venue_without_english_is_declared_vietnamese(client, day):
    event, _ = day
    event.venue_en = ""
    event.save()
    en = client.get(reverse("investment:event_detail_en", args=[event.pk])).content.decode()
    assert '<span lang="vi">Hội trường</span>' in en


def test_a_foreign_registration_keeps_its_profile(client, day):
    event, _ = day
    url = reverse("investment:event_detail_en", args=[event.pk])
    data = {"kind": "foreign", "company_name": "Sato KK", "country": "Japan", "consent": "on"}
    data |= {"contact_name": "Kenji", "contact_email": "k@example.jp"}
    data |= {"offers": "Semiconductor packaging", "needs": "Cleanroom land", "vsic_division": "26"}
    assert client.post(url, data).status_code == 302
    p = Participant.objects.get(company_name="Sato KK")
    assert (p.offers, p.needs, p.vsic_division, p.enterprise) == (
        "Semiconductor packaging",
        "Cleanroom land",
        "26",
        None,
    )


@pytest.mark.parametrize("division", ["9", "6a", "00", "620"])
def test_a_bad_sector_is_refused_on_registration(client, day, division):
    event, _ = day
    url = reverse("investment:event_detail_en", args=[event.pk])
    data = {"kind": "foreign", "company_name": "Sato KK", "country": "Japan", "consent": "on"}
    data |= {"contact_name": "Kenji", "contact_email": "k@example.jp", "vsic_division": division}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "VSIC 2018" in response.content.decode()
    assert Participant.objects.count() == 0


def test_suggestions_pair_what_one_offers_with_what_the_other_looks_for(day):
    _event, foreign = day
    sato = foreign(
        "Sato", offers="semiconductor packaging equipment", needs="cleanroom land", division="26"
    )
    land = foreign("Landco", offers="cleanroom factories for lease", division="68")
    chips = foreign("Chips", needs="semiconductor packaging lines", division="26")
    foreign("Bakery", offers="bread", needs="flour")
    found = matching.suggest_partners(sato)
    names = [m.obj.company_name for m in found]
    assert names[0] == "Chips"  # same sector and wants what Sato offers
    assert "Landco" in names and "Bakery" not in names
    assert any("cleanroom" in r.detail for m in found for r in m.reasons if m.obj == land)
    actions.request_meeting(sato, chips)
    assert "Chips" not in [m.obj.company_name for m in matching.suggest_partners(sato)]
    assert chips not in [m.obj for m in matching.suggest_partners(chips)]


def test_an_enterprise_s_published_offers_count_in_suggestions(portal_world, day):
    from hoptac.investment.models import Offer

    event, foreign = day
    firm = EnterpriseFactory(locality=portal_world.localities["own"])
    Offer.objects.create(enterprise=firm, kind="tech_request", title="Wafer testing equipment")
    vn = Participant.objects.create(
        event=event, enterprise=firm, contact_name="A", contact_email="a@example.vn"
    )
    seller = foreign("Tester", offers="wafer testing machines")
    assert [m.obj for m in matching.suggest_partners(vn)] == [seller]


def test_the_participant_edits_the_profile_and_bad_input_is_explained(client, day):
    _event, foreign = day
    me = foreign("Sato")
    url = participant_url(me)
    bad = client.post(url, {"action": "profile", "profile-vsic_division": "xx"})
    assert bad.status_code == 400
    assert "VSIC 2018" in bad.content.decode()
    ok = client.post(
        url, {"action": "profile", "profile-offers": "Robots", "profile-needs": "Distributors"}
    )
    assert ok.status_code == 302
    me.refresh_from_db()
    assert (me.offers, me.needs) == ("Robots", "Distributors")


@pytest.mark.parametrize("link", ["http://meet.example.com/x", "javascript:alert(1)", "not a url"])
def test_an_online_link_must_be_https(client, day, link):
    _event, foreign = day
    a, b = foreign("A"), foreign("B")
    response = client.post(
        participant_url(a), {"action": "request", "target": b.pk, "online_url": link}
    )
    assert response.status_code == 400
    assert MeetingRequest.objects.count() == 0


def test_an_online_meeting_shows_its_link_in_the_agenda(client, day):
    _event, foreign = day
    a, b = foreign("A"), foreign("B")
    response = client.post(
        participant_url(a),
        {"action": "request", "target": b.pk, "online_url": "https://meet.example.com/abc"},
    )
    assert response.status_code == 302
    req = MeetingRequest.objects.get()
    assert req.online_url == "https://meet.example.com/abc"
    actions.decide_request(req, True, b)
    Meeting.objects.filter(request=req).update(slot=_event.slots.first())
    page = client.get(participant_url(b)).content.decode()
    assert 'href="https://meet.example.com/abc"' in page
    ics = client.get(reverse("investment:agenda_ics", args=[_token(b)])).content.decode()
    assert "meet.example.com/abc" in ics


def test_the_participant_page_costs_few_queries_at_two_sizes(
    client, day, django_assert_max_num_queries
):
    _event, foreign = day
    me = foreign("Me", needs="robots")
    url = participant_url(me)
    for n in range(3):
        foreign(f"R{n}", offers="robots")
    client.get(url)
    with django_assert_max_num_queries(20):
        client.get(url)
    for n in range(30):
        foreign(f"S{n}", offers="robots")
    with django_assert_max_num_queries(20):
        client.get(url)


# --- Meeting language ---------------------------------------------------------------------------
def test_a_registration_keeps_the_language_chosen_or_the_page_s(client, day):
    event, _ = day
    base = {"kind": "foreign", "country": "Japan", "consent": "on", "contact_name": "Kenji"}
    url_en = reverse("investment:event_detail_en", args=[event.pk])
    url_vi = reverse("investment:event_detail", args=[event.pk])
    both = base | {"company_name": "Both KK", "contact_email": "b@example.jp", "language": "both"}
    assert client.post(url_vi, both).status_code == 302
    unset = base | {"company_name": "Quiet KK", "contact_email": "q@example.jp"}
    assert client.post(url_en, unset).status_code == 302
    assert Participant.objects.get(company_name="Both KK").language == "both"
    assert Participant.objects.get(company_name="Quiet KK").language == "en"


def test_an_unknown_language_is_refused_with_a_clear_error(client, day):
    event, _ = day
    data = {"kind": "foreign", "company_name": "Sato KK", "country": "Japan", "consent": "on"}
    data |= {"contact_name": "Kenji", "contact_email": "k@example.jp", "language": "fr"}
    response = client.post(reverse("investment:event_detail", args=[event.pk]), data)
    assert response.status_code == 400
    assert "Chọn tiếng Việt, tiếng Anh hoặc cả hai." in response.content.decode()
    assert not Participant.objects.filter(company_name="Sato KK").exists()


def test_the_participant_changes_the_meeting_language_on_the_profile(client, day):
    _event, foreign = day
    me = foreign("Sato")
    response = client.post(
        participant_url(me), {"action": "profile", "profile-language": "en", "profile-offers": "X"}
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.language == "en"
    bad = client.post(participant_url(me), {"action": "profile", "profile-language": "xx"})
    assert bad.status_code == 400
    me.refresh_from_db()
    assert me.language == "en"


def test_suggestions_prefer_a_shared_language_and_flag_an_interpreter(day):
    _event, foreign = day
    sato = foreign("Sato", needs="robots", division="28")
    sato.language = "en"
    sato.save()
    english = foreign("English", offers="robots", division="28")
    english.language = "both"
    english.save()
    vietnamese = foreign("Vietnamese", offers="robots", division="28")  # meets in Vietnamese
    found = matching.suggest_partners(sato)
    assert [m.obj for m in found] == [english, vietnamese]
    first, second = found
    assert first.score == second.score + matching.B2B_WEIGHTS["language"]
    assert any(r.label == "Cùng ngôn ngữ gặp" for r in first.reasons)
    assert any(r.detail == "cần phiên dịch" for r in second.reasons)
    assert all(m.score <= 100 for m in found)


def test_a_meeting_request_is_mailed_in_the_target_s_language(day, delivered):
    from django.core import mail

    _event, foreign = day
    asker, english = foreign("Asker"), foreign("Reader")
    english.language = "en"
    english.save()
    vietnamese = foreign("Doc")
    with delivered():
        actions.request_meeting(asker, english, "Hello")
        actions.request_meeting(asker, vietnamese, "Xin chào")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Meeting request from Asker" in subjects[english.contact_email]
    assert "Đề nghị gặp từ Asker" in subjects[vietnamese.contact_email]


def test_the_organiser_sees_which_meetings_need_an_interpreter(client, day, member):
    event, foreign = day
    a, b, c = foreign("A"), foreign("B"), foreign("C")
    c.language = "en"
    c.save()
    for x, y in ((a, b), (a, c)):
        req = actions.request_meeting(x, y)
        actions.decide_request(req, True, y)
    client.force_login(member("coordinator", "own"))
    page = client.get(reverse("investment:event_manage", args=[event.pk])).content.decode()
    assert page.count("cần phiên dịch") == 1
    assert "· Tiếng Anh" in page or "· English" in page


def test_the_data_copy_includes_the_meeting_language(day):
    from hoptac.investment import personal_data

    _event, foreign = day
    assert personal_data.participant_data(foreign("Sato"))["language"] == "vi"
