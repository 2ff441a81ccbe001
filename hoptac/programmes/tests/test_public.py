"""Public accountability: what the coordinators publish, and nothing else, for every reader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from hoptac.core import dates
from hoptac.programmes import actions, public
from hoptac.programmes.models import Commitment, Evidence, ExtensionRequest, ProgressReport

from .factories import CommitmentFactory, TaskFactory

READERS = [
    ("anonymous", None),
    ("officer of the own city", ("officer", "own")),
    ("officer of the partner city", ("officer", "partner")),
    ("coordinator of the own city", ("coordinator", "own")),
    ("coordinator of the unrelated city", ("coordinator", "unrelated")),
]


def _report(task, by, progress, on, *, completed=False, evidence_name=None, public_file=False):
    report = ProgressReport.objects.create(
        task=task,
        author=by,
        reported_on=on,
        progress=progress,
        text="nội bộ: chưa công bố",
        completed=completed,
    )
    if evidence_name:
        Evidence.objects.create(
            report=report,
            file=ContentFile(b"%PDF-1.4 x", name="x.pdf"),
            name=evidence_name,
            size=10,
            content_type="application/pdf",
            is_public=public_file,
        )
    task.progress = progress
    task.save(update_fields=["progress"])
    return report


@pytest.fixture
def published(programme, member):
    """The programme's commitment published by the own coordinator, with reports and files; and
    a second commitment of the same agreement left unpublished."""
    coordinator = member("coordinator", "own")
    officer = member("officer", "own")
    task = programme.task["own"]
    _report(
        task,
        officer,
        30,
        dt.date(2024, 3, 1),
        evidence_name="bien-ban-cong-khai.pdf",
        public_file=True,
    )
    _report(task, officer, 60, dt.date(2024, 6, 1), evidence_name="ghi-chu-noi-bo.pdf")
    actions.publish_commitment(programme.commitment, coordinator)
    hidden = CommitmentFactory(agreement=programme.agreement, text="Cam kết chưa công bố XYZ")
    TaskFactory(commitment=hidden, lead=programme.task["own"].lead, title="Việc kín ABC")
    programme.hidden = hidden
    programme.coordinator = coordinator
    return programme


def _login(client, member, who):
    if who is not None:
        client.force_login(member(*who))


def _urls(p):
    a, c = p.agreement.pk, p.commitment.pk
    return {
        "index": reverse("programmes:public_index"),
        "agreement": reverse("programmes:public_agreement", args=[a]),
        "agreement_feed": reverse("programmes:public_agreement_feed", args=[a]),
        "commitment": reverse("programmes:public_commitment", args=[c]),
        "commitment_feed": reverse("programmes:public_commitment_feed", args=[c]),
    }


@pytest.mark.parametrize(("label", "who"), READERS, ids=[r[0] for r in READERS])
def test_every_reader_sees_the_published_commitment_and_nothing_unpublished(
    client, published, member, label, who
):
    _login(client, member, who)
    for name, url in _urls(published).items():
        response = client.get(url)
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "Cam kết chưa công bố XYZ" not in body, name
        assert "Việc kín ABC" not in body, name
        assert "ghi-chu-noi-bo.pdf" not in body, name  # evidence not marked public
        assert "nội bộ: chưa công bố" not in body, name  # report texts stay internal
    page = client.get(_urls(published)["commitment"]).content.decode()
    assert published.commitment.text in page
    assert published.task["own"].title in page
    assert "bien-ban-cong-khai.pdf" in page


@pytest.mark.parametrize(("label", "who"), READERS, ids=[r[0] for r in READERS])
def test_nothing_shows_before_publication(client, programme, member, label, who):
    _login(client, member, who)
    urls = _urls(programme)
    assert programme.commitment.text not in client.get(urls.pop("index")).content.decode()
    for name, url in urls.items():
        assert client.get(url).status_code == 404, name


def test_a_withdrawn_commitment_disappears(client, published):
    actions.withdraw_commitment(published.commitment, published.coordinator)
    assert client.get(_urls(published)["commitment"]).status_code == 404
    assert client.get(_urls(published)["agreement"]).status_code == 404


def test_publication_and_withdrawal_are_in_the_audit_trail(published):
    actions.withdraw_commitment(published.commitment, published.coordinator)
    records = list(published.commitment.history.order_by("history_date", "history_id"))
    assert [r.history_change_reason for r in records[-2:]] == [
        gettext("published"),
        gettext("withdrawn from the public pages"),
    ]
    assert {r.history_user for r in records[-2:]} == {published.coordinator}


@pytest.mark.parametrize(
    ("role", "where", "allowed"),
    [
        ("coordinator", "own", True),
        ("coordinator", "partner", True),  # a party too
        ("officer", "own", False),
        ("leader", "own", False),
        ("coordinator", "unrelated", False),
    ],
)
def test_only_a_coordinator_of_a_party_publishes(client, programme, member, role, where, allowed):
    client.force_login(member(role, where))
    url = reverse("programmes:commitment_publication", args=[programme.commitment.pk])
    response = client.post(url, {"publish": "1"})
    programme.commitment.refresh_from_db()
    assert (programme.commitment.published_at is not None) is allowed
    assert response.status_code == (302 if allowed else 403 if where != "unrelated" else 404)


def test_the_publication_form_refuses_an_unclear_choice(client, programme, member):
    client.force_login(member("coordinator", "own"))
    url = reverse("programmes:commitment_publication", args=[programme.commitment.pk])
    response = client.post(url, {"publish": "maybe"}, follow=True)
    assert response.status_code == 200
    programme.commitment.refresh_from_db()
    assert programme.commitment.published_at is None


def test_the_action_refuses_an_officer(programme, member):
    with pytest.raises(PermissionDenied):
        actions.publish_commitment(programme.commitment, member("officer", "own"))


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [("coordinator", "own", 302), ("officer", "own", 403), ("coordinator", "partner", 403)],
)
def test_only_the_lead_s_coordinator_makes_evidence_public(
    client, published, member, role, where, status
):
    evidence = Evidence.objects.get(name="ghi-chu-noi-bo.pdf")
    client.force_login(member(role, where))
    response = client.post(
        reverse("programmes:evidence_publication", args=[evidence.pk]), {"public": "1"}
    )
    assert response.status_code == status
    evidence.refresh_from_db()
    assert evidence.is_public is (status == 302)
    if status == 302:
        assert evidence.history.first().history_change_reason == gettext("made public")


def test_public_evidence_downloads_and_private_evidence_does_not(client, published):
    shown = Evidence.objects.get(name="bien-ban-cong-khai.pdf")
    hidden = Evidence.objects.get(name="ghi-chu-noi-bo.pdf")
    assert client.get(reverse("programmes:public_evidence", args=[shown.pk])).status_code == 200
    assert client.get(reverse("programmes:public_evidence", args=[hidden.pk])).status_code == 404
    actions.withdraw_commitment(published.commitment, published.coordinator)
    assert client.get(reverse("programmes:public_evidence", args=[shown.pk])).status_code == 404


def test_progress_over_time_is_the_mean_of_the_tasks(published):
    item = public.public_commitments(Commitment.objects.filter(pk=published.commitment.pk))[0]
    # two tasks: the own one reported 30% then 60%, the partner's nothing
    assert item.series == [
        (dt.date(2024, 1, 1), 0),
        (dt.date(2024, 3, 1), 15),
        (dt.date(2024, 6, 1), 30),
    ]
    assert item.progress == 30


def test_the_history_tells_extensions_reports_and_publication(client, published, member):
    task = published.task["own"]
    ExtensionRequest.objects.create(
        task=task,
        requested_by=member("officer", "own"),
        current_due=dt.date(2030, 12, 31),
        new_due=dt.date(2031, 6, 30),
        reason="lý do nội bộ",
        state=ExtensionRequest.State.APPROVED,
        decided_at=timezone.now(),
    )
    client.cookies["django_language"] = "en"
    body = client.get(_urls(published)["commitment"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due date moved from 31/12/2030 to 30/06/2031" in body
    assert "Progress reported: 60%" in body
    assert "Published" in body
    assert "lý do nội bộ" not in body


def test_the_page_is_vietnamese_with_vietnamese_dates(client, published):
    body = client.get(_urls(published)["commitment"]).content.decode()
    assert "Tiến độ theo thời gian" in body
    assert "01/06/2024" in body


def test_an_english_reader_gets_the_english_title_and_commitment_when_given(client, published):
    agreement, commitment = published.agreement, published.commitment
    type(agreement).objects.filter(pk=agreement.pk).update(
        title="Thông báo kết luận hợp tác", title_en="Conclusions on cooperation"
    )
    commitments = Commitment.objects.filter(pk=commitment.pk)
    commitments.update(text="Trao đổi kinh nghiệm", text_en="Exchange experience")
    urls = _urls(published)
    client.cookies["django_language"] = "en"
    for page in ("index", "agreement", "commitment", "agreement_feed", "commitment_feed"):
        body = client.get(urls[page]).content.decode()
        wanted = "Exchange experience" if page.startswith("commitment") else "Conclusions"
        assert wanted in body, page
        assert "Thông báo kết luận hợp tác" not in body, page
    assert "Exchange experience" in client.get(urls["agreement"]).content.decode()
    commitments.update(text_en="")  # no English yet: the words of the source
    assert "Trao đổi kinh nghiệm" in client.get(urls["commitment"]).content.decode()
    client.cookies["django_language"] = "vi"
    body = client.get(urls["agreement"]).content.decode()
    assert "Thông báo kết luận hợp tác" in body and "Conclusions on cooperation" not in body


def test_the_atom_feed_lists_the_changes(client, published):
    response = client.get(_urls(published)["commitment_feed"])
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert body.count("<entry>") == 5  # published, two tasks created, two reports
    assert "hoptac-public-c" in body


def test_linked_objects_show_only_when_the_anonymous_may_see_them(client, published, world):
    from hoptac.exchange.tests.factories import PracticeFactory
    from hoptac.programmes.models import CommitmentLink

    shown = PracticeFactory(
        organisation=world.department["own"],
        status="published",
        visibility="public",
        title_vi="Thực tiễn công khai",
    )
    hidden = PracticeFactory(
        organisation=world.department["own"], status="draft", title_vi="Thực tiễn nháp"
    )
    for target in (shown, hidden):
        CommitmentLink.objects.create(commitment=published.commitment, target=target)
    body = client.get(_urls(published)["commitment"]).content.decode()
    assert "Thực tiễn công khai" in body
    assert "Thực tiễn nháp" not in body


def test_the_coordinator_sees_the_publish_button_and_the_officer_does_not(
    client, programme, member
):
    url = reverse("programmes:agreement_detail", args=[programme.agreement.pk])
    publish = reverse("programmes:commitment_publication", args=[programme.commitment.pk])
    client.force_login(member("coordinator", "own"))
    assert publish in client.get(url).content.decode()
    client.force_login(member("officer", "own"))
    assert publish not in client.get(url).content.decode()


def _many(world, member, n):
    from .factories import AgreementFactory

    coordinator = member("coordinator", "own")
    officer = member("officer", "own")
    own, partner = world.localities["own"], world.localities["partner"]
    agreement = AgreementFactory(issuer=world.office["own"], parties=[own, partner])
    for i in range(n):
        c = CommitmentFactory(agreement=agreement)
        for lead in (world.department["own"], world.department["partner"]):
            t = TaskFactory(commitment=c, lead=lead)
            _report(
                t,
                officer,
                10 + i,
                dates.today() - dt.timedelta(days=i + 1),
                evidence_name=f"f{i}.pdf",
                public_file=True,
            )
        actions.publish_commitment(c, coordinator)
    return agreement


@pytest.mark.parametrize("n", [2, 8])
def test_public_pages_take_a_fixed_number_of_queries(
    client, world, member, n, django_assert_max_num_queries
):
    agreement = _many(world, member, n)
    commitment = agreement.commitments.first()
    pages = {
        reverse("programmes:public_index"): 6,
        reverse("programmes:public_agreement", args=[agreement.pk]): 12,
        reverse("programmes:public_agreement_feed", args=[agreement.pk]): 12,
        reverse("programmes:public_commitment", args=[commitment.pk]): 12,
    }
    for url, limit in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200
