"""Guard: no page reachable from the home page answers 5xx, writes an id in the local number
format into a link, a form or a data attribute, or offers Django's dashed empty choice, for
anyone.

On the demo, as an anonymous visitor and signed in as each role of each city, follow every
same-site link (``href``, ``hx-get``, redirects) from the home pages, breadth first, and fail
listing every URL that answered 5xx with the exception behind it.

Bounded so that it stays near a minute: the anonymous walk visits every public page (the public
objects are few, and a bug may sit in one object, as a project without a park did); a signed-in
walk visits every route but at most ``PER_ROUTE`` URLs of each (three organisations, three tasks…),
since the objects behind one route share their template and their code.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections import Counter, deque
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import Resolver404, resolve

from hoptac.core import demo

pytestmark = pytest.mark.django_db

START = ("/", "/en/invest/")
MAX_PAGES = 1500  # per visitor, a backstop: a walk that reaches it fails (it would hide pages)
PER_ROUTE = 3  # URLs of one route a signed-in visitor fetches
MAX_VARIANTS = 3  # query strings (filters, pages) per path, for everyone
# Never followed: signing out ends the walk; static files are not pages.
SKIP_PREFIXES = ("/dang-xuat/", "/static/")
LOG = os.environ.get("HOPTAC_CRAWL_LOG")  # a file to list every page fetched, with its time

VISITORS = [None, *(username for username, _role, _org in demo.demo_accounts())]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (name == "hx-get" or (tag == "a" and name == "href")):
                self.links.append(value)


def _same_site(base: str, href: str) -> str | None:
    url = urldefrag(urljoin(f"http://testserver{base}", href.strip()))[0]
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES):
        return None
    return f"{path}?{parts.query}" if parts.query else path


def _route(path: str) -> str:
    try:
        return resolve(path).route
    except Resolver404:
        return path


def crawl(
    client: Client,
    per_route: int | None,
    check: Callable[[str, str], str | None] | None = None,
) -> tuple[int, list[str]]:
    """Walk the site from START; return (pages fetched, ['status URL: exception', …]).

    `check(url, html)`, when given, looks at every HTML page and returns a complaint or None;
    complaints are listed with the errors."""
    errors: list[str] = []
    raised: list[BaseException | None] = []

    def remember(sender, request=None, **kwargs) -> None:
        raised.append(sys.exc_info()[1])

    got_request_exception.connect(remember)
    try:
        seen: set[str] = set(START)
        variants: Counter[str] = Counter()
        routes: Counter[str] = Counter()
        queue = deque(START)
        fetched = 0
        while queue and fetched < MAX_PAGES:
            url = queue.popleft()
            raised.clear()
            tick = time.monotonic()
            response = client.get(url)
            fetched += 1
            if LOG:
                with open(LOG, "a") as log:
                    log.write(f"{time.monotonic() - tick:.3f} {response.status_code} {url}\n")
            if response.status_code >= 500:
                why = f": {raised[-1]!r}"[:300] if raised else ""
                errors.append(f"{response.status_code} {url}{why}")
                continue
            found: list[str] = []
            if 300 <= response.status_code < 400 and response.get("Location"):
                found.append(response["Location"])
            elif response.get("Content-Type", "").startswith("text/html"):
                html = response.content.decode("utf-8", "replace")
                if check is not None and (complaint := check(url, html)):
                    errors.append(f"{url}: {complaint}")
                parser = _Links()
                parser.feed(html)
                found.extend(parser.links)
            for href in found:
                target = _same_site(url, href)
                if target is None or target in seen:
                    continue
                path = target.split("?", 1)[0]
                if "?" in target:
                    if variants[path] >= MAX_VARIANTS:
                        continue
                    variants[path] += 1
                if per_route is not None:
                    route = _route(path)
                    if routes[route] >= per_route:
                        continue
                    routes[route] += 1
                seen.add(target)
                queue.append(target)
        if queue:
            errors.append(f"the walk stopped at MAX_PAGES ({MAX_PAGES}) with {len(queue)} left")
        return fetched, errors
    finally:
        got_request_exception.disconnect(remember)


@pytest.mark.parametrize("username", VISITORS, ids=lambda u: u or "anonymous")
def test_no_page_reachable_from_home_answers_5xx(username, demo_media, django_user_model):
    client = Client(raise_request_exception=False)
    if username:
        client.force_login(django_user_model.objects.get(username=username))
    started = time.monotonic()
    fetched, errors = crawl(client, per_route=PER_ROUTE if username else None, check=_page_faults)
    print(
        f"crawl {username or 'anonymous'}: {fetched} pages, {len(errors)} 5xx, "
        f"{time.monotonic() - started:.1f}s"
    )
    assert fetched > 50, "the walk stopped early: is the demo loaded?"
    assert not errors, f"{len(errors)} pages answered 5xx or wrote a localised id:\n" + "\n".join(
        errors
    )


class _Attributes(HTMLParser):
    """Every attribute that carries an id to a machine: links, form targets and values, data-*."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (
                name in ("href", "action", "value", "for", "id")
                or name.startswith(("data-", "hx-"))
            ):
                self.values.append((tag, name, value))


# The demo's ids start at 1,000,001 (see conftest); in Vietnamese's number format that is
# "1.000.001", and coordinates or decimals never have two groups of three after dots.
LOCALISED_ID = re.compile(r"(?<![\d.])\d{1,3}(?:[.,]\d{3}){2,}(?![\d])")


def _localised_id(url: str, html: str) -> str | None:
    parser = _Attributes()
    parser.feed(html)
    for tag, name, value in parser.values:
        if found := LOCALISED_ID.search(value):
            shown = f"<{tag} {name}={value[:120]!r}>"
            return f"{shown} writes an id as {found.group(0)!r} (use |unlocalize)"
    return None


DASHED_CHOICE = re.compile(r"<option[^>]*>\s*-{3,}\s*</option>")


def _dashed_choice(url: str, html: str) -> str | None:
    found = DASHED_CHOICE.search(html)
    return f"offers {found.group(0)!r} (say what choosing nothing means)" if found else None


def _page_faults(url: str, html: str) -> str | None:
    """Both checks of a page, in one walk: an id in the local number format; a select that
    offers Django's "---------" where it should name its empty choice in the user's language
    ("Chọn…", "(không có)", "Tất cả") — every edit, create and filter form a role meets."""
    return _localised_id(url, html) or _dashed_choice(url, html)


def test_a_walk_cut_by_the_backstop_says_so(demo_media, monkeypatch):
    """A walk that reaches MAX_PAGES would pass while leaving pages unvisited (the anonymous walk
    did, at 400, once the demo grew past it): it is reported as a failure instead."""
    monkeypatch.setattr(sys.modules[__name__], "MAX_PAGES", 5)
    fetched, errors = crawl(Client(raise_request_exception=False), per_route=None)
    assert fetched == 5
    assert errors and "MAX_PAGES (5)" in errors[-1]
