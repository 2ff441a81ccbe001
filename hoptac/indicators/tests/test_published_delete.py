"""A published index's figure that a city imported or entered is deleted by the city's
coordinators only, after a confirmation, by a POST with its CSRF token; its history keeps it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hoptac.indicators.models import PublishedValue

from .test_published_import import figure


def test_the_edit_page_offers_the_delete_and_shows_the_history(client, world, member):
    row = figure(world)
    client.force_login(member("coordinator", "unrelated"))
    page = client.get(reverse("indicators:published_value_edit", args=[row.pk])).content.decode()
    assert reverse("indicators:published_value_delete", args=[row.pk]) in page
    assert "Các thay đổi của số liệu này" in page and 'class="audit"' in page


def test_a_get_asks_for_confirmation_and_deletes_nothing(client, world, member):
    row = figure(world)
    client.force_login(member("coordinator", "unrelated"))
    page = client.get(reverse("indicators:published_value_delete", args=[row.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'method="post"' in text and "csrfmiddlewaretoken" in text
    assert "Cung ứng dịch vụ công" in text  # the component by its name, not its key
    assert "5,1200" in text and "Thành phố Hồ Chí Minh" in text
    assert PublishedValue.objects.filter(pk=row.pk).exists()


def test_a_coordinator_deletes_their_city_figure_and_the_history_keeps_it(client, world, member):
    row = figure(world)
    user = member("coordinator", "unrelated")
    client.force_login(user)
    response = client.post(reverse("indicators:published_value_delete", args=[row.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:framework", args=["papi"])
    assert not PublishedValue.objects.filter(pk=row.pk).exists()
    deleted = PublishedValue.history.filter(id=row.pk).order_by("-history_date").first()
    assert deleted.history_type == "-" and deleted.history_user == user
    assert deleted.value == Decimal("5.1200")
    page = client.get(response["Location"]).content.decode()
    assert "5,1200" not in page


def test_a_post_without_its_csrf_token_is_refused(world, member):
    row = figure(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member("coordinator", "unrelated"))
    response = client.post(reverse("indicators:published_value_delete", args=[row.pk]))
    assert response.status_code == 403
    assert PublishedValue.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize(
    "role, where, public, expected",
    [
        ("coordinator", "own", True, 403),  # another city: reads it (public), may not delete
        ("coordinator", "partner", False, 404),  # neither reads nor deletes it
        ("officer", "unrelated", True, 403),  # an officer of the city is no coordinator
        ("officer", "own", False, 404),
    ],
)
def test_others_cannot_delete_a_figure(client, world, member, role, where, public, expected):
    row = figure(world, public=public)
    client.force_login(member(role, where))
    url = reverse("indicators:published_value_delete", args=[row.pk])
    assert client.get(url).status_code == expected
    assert client.post(url).status_code == expected
    assert PublishedValue.objects.filter(pk=row.pk).exists()


def test_the_partner_reads_a_private_figure_but_cannot_delete_it(client, world, member):
    row = figure(world, where="partner", public=False)  # Đà Nẵng's, Hà Nội its partner
    client.force_login(member("coordinator", "own"))
    url = reverse("indicators:published_value_delete", args=[row.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert PublishedValue.objects.filter(pk=row.pk).exists()


def test_anonymous_is_sent_to_sign_in_and_nothing_is_deleted(client, world):
    row = figure(world)
    url = reverse("indicators:published_value_delete", args=[row.pk])
    response = client.post(url)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert PublishedValue.objects.filter(pk=row.pk).exists()


def test_an_unknown_figure_is_not_found(client, world, member):
    client.force_login(member("coordinator", "unrelated"))
    assert client.post(reverse("indicators:published_value_delete", args=[9999])).status_code == 404


def test_a_put_is_not_allowed(client, world, member):
    row = figure(world)
    client.force_login(member("coordinator", "unrelated"))
    url = reverse("indicators:published_value_delete", args=[row.pk])
    assert client.put(url).status_code == 405
    assert PublishedValue.objects.filter(pk=row.pk).exists()
