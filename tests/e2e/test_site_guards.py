"""The guards over every main page (tests/e2e/audit.py lists them), on the demo data:

- each page answers its status (200): a detail page is found by a hard-coded demo id or slug,
  and a wrong one answers 404 with a page that passes every other guard;
- axe-core finds no serious or critical accessibility violation;
- at 390 px wide (a phone) nothing scrolls sideways, and the header leaves the screen to the page;
- a page in Vietnamese carries no English text, an investor's page in English no Vietnamese
  (parts that declare their own language with `lang` and known proper names aside);
- the browser reports no Content-Security-Policy violation.

A walk runs every guard on each of its pages and lists each guard's failures under its own name.
The pages are walked in WALKS contiguous shares, a test each, so that two test processes can
share the work (one walk took about 73 s, and at the end of the suite one core waited for it);
the demo costs a walk a copy (tests/e2e/demo.py), not a load.
"""

from __future__ import annotations

import pytest

from . import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# At most this share of an 844 px phone screen goes to the header (it took 190 px, then 314).
PHONE_HEADER_MAX = 80
WALKS = 3


def walk(part: int) -> list[audit.MainPage]:
    """The `part`-th of WALKS contiguous shares of the main pages (their order kept)."""
    size = -(-len(audit.MAIN_PAGES) // WALKS)
    return audit.MAIN_PAGES[part * size : (part + 1) * size]


def _contexts(browser, live_server):
    opened = {}

    def page_for(user):
        if user not in opened:
            context = browser.new_context(viewport=audit.DESKTOP, base_url=live_server.url)
            context.add_init_script(audit.CSP_LISTENER)
            page = context.new_page()
            if user:
                audit.sign_in(page, user)
            opened[user] = (context, page)
        return opened[user][1]

    return page_for, opened


@pytest.mark.parametrize("part", range(WALKS))
def test_every_main_page_passes_the_site_guards(part, load_demo, browser, live_server, shot):
    load_demo()
    page_for, opened = _contexts(browser, live_server)
    failures: dict[str, list[str]] = {
        "status": [],
        "axe": [],
        "phone": [],
        "language": [],
        "csp": [],
    }
    try:
        for main in walk(part):
            page = page_for(main.user)
            page.set_viewport_size(audit.DESKTOP)
            status = audit.open_page(page, main)
            if status != main.status:
                failures["status"].append(f"{main.path}: answered {status}, not {main.status}")
            for line in audit.axe_violations(page):
                failures["axe"].append(f"{main.path}: {line}")
            for line in [] if main.language_exempt else audit.foreign_text(page):
                failures["language"].append(f"{main.path}: {line}")
            for heading in audit.lowercase_headings(page):
                failures["language"].append(f"{main.path}: heading in small letters: {heading}")
            shot(page, f"guard-{main.name}-1280")

            page.set_viewport_size(audit.PHONE)
            page.wait_for_timeout(150)  # charts and maps resize on the next frame
            over = audit.horizontal_overflow(page)
            if over > 0:
                wide = ", ".join(audit.overflowing_elements(page))
                failures["phone"].append(f"{main.path}: {over} px too wide ({wide})")
            header = page.evaluate("document.querySelector('.site-header').offsetHeight")
            if header > PHONE_HEADER_MAX:
                failures["phone"].append(f"{main.path}: the header takes {header} px")
            shot(page, f"guard-{main.name}-390")
            for line in audit.csp_violations(page):
                failures["csp"].append(f"{main.path}: {line}")
    finally:
        for context, _page in opened.values():
            context.close()
    report = {k: v for k, v in failures.items() if v}
    assert not report, "\n".join(f"[{k}]\n  " + "\n  ".join(v) for k, v in report.items())


def test_the_phone_menu_opens_and_closes_and_is_all_there_without_javascript(browser, live_server):
    context = browser.new_context(viewport=audit.PHONE, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    toggle = page.get_by_role("button", name="Trình đơn")
    assert not nav.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert nav.is_visible()
    assert page.get_by_role("searchbox").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    context.close()

    context = browser.new_context(
        viewport=audit.PHONE, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    assert page.get_by_role("navigation", name="Điều hướng chính").is_visible()
    assert not page.get_by_role("button", name="Trình đơn").is_visible()
    context.close()


def test_an_english_visitor_stays_in_english_across_the_site(load_demo, page):
    load_demo(["core", "investment"])
    page.goto("/")
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Investment"
    ).click()
    page.wait_for_url("**/en/invest/")
    assert page.locator("html").get_attribute("lang") == "en"
    # The header's switch on a portal page goes to the page's twin, and back.
    page.goto("/en/invest/projects/")
    page.locator(".site-header").get_by_role("button", name="VI").click()
    page.wait_for_url("**/dau-tu/du-an/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Tổng quan"
    ).click()
    assert page.locator("html").get_attribute("lang") == "vi"


def test_the_demo_gets_the_ids_the_guards_name_after_other_tests_wrote_rows(load_demo):
    # A transactional test that ran before in this process leaves the sequences where it left
    # them; the guards open `/chuong-trinh/1/`, so the demo must start from the first ids.
    from hoptac.programmes.models import Agreement
    from hoptac.programmes.tests.factories import TaskFactory

    for _ in range(3):
        TaskFactory()
    load_demo(["core", "programmes"])
    assert Agreement.objects.filter(pk=1, reference="2138-TB/TU").exists()


def test_a_first_demo_load_after_the_content_types_were_cached_commits(transactional_db, tmp_path):
    # A test earlier in the process has read content types (cached by id); the first load of a
    # set of parts empties every table before loading: the demo's indicator tags must not point
    # at content type rows that the emptying removed (FOREIGN KEY constraint failed at commit).
    from django.contrib.contenttypes.models import ContentType

    from hoptac.exchange.models import Practice
    from hoptac.indicators.models import IndicatorTag

    from .demo import DemoCopies

    old = ContentType.objects.get_for_model(Practice)
    moved = old.pk + 1000  # an id the emptying's restarted sequence never reaches
    old.delete()
    ContentType.objects.create(pk=moved, app_label=old.app_label, model=old.model)
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Practice).pk == moved  # and cached so
    DemoCopies(tmp_path).load(["core", "programmes", "exchange", "indicators"])
    assert IndicatorTag.objects.exists()
    for tag in IndicatorTag.objects.all():
        assert ContentType.objects.filter(pk=tag.content_type_id).exists()
