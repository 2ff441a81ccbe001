"""The investor's journey in the browser, in both languages: an enquiry tracked by its private
link (answer, reply, copy and erasure of the data), and a foreign company at a B2B day."""

from __future__ import annotations

import pytest

from .accounts import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_enquiry_is_tracked_answered_and_replied_to_in_both_languages(load_demo, page, shot):
    from playwright.sync_api import expect

    from hoptac.investment.models import Enquiry

    load_demo()
    # English: the investor reads what is kept, consents, sends, lands on the private page
    page.goto("/en/invest/contact/?project=DN-CNC-01")
    expect(page.get_by_role("heading", name="Your personal data")).to_be_visible()
    page.get_by_label("Your name").fill("Kenji Sato")
    page.get_by_label("E-mail").fill("kenji@example.jp")
    page.get_by_label("Message").fill("We look for 5 ha in Da Nang High-Tech Park.")
    page.wait_for_timeout(3100)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#id_consent_error")).to_be_visible(timeout=30_000)
    shot(page, "investment-enquiry-consent-missing-en")
    page.get_by_label("I have read what is kept").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Your enquiry DT-")).to_be_visible(timeout=30_000)
    expect(page.locator(".stage.current")).to_have_text("received")
    tracking = page.url
    shot(page, "investment-enquiry-status-en")

    # A Da Nang officer answers from the workspace (Vietnamese)
    enquiry = Enquiry.objects.get(email="kenji@example.jp")
    sign_in(page, "dn-dieuphoi", f"/dau-tu/quan-ly/yeu-cau/{enquiry.pk}/")
    page.get_by_label("Trả lời nhà đầu tư").fill("Khu CNC Đà Nẵng còn 12 ha. / 12 ha are free.")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("12 ha are free.").first).to_be_visible(timeout=30_000)
    shot(page, "investment-enquiry-answered-vi")

    # The investor reads the answer and replies
    page.goto(tracking)
    expect(page.locator(".stage.current")).to_have_text("answered")
    expect(page.get_by_text("12 ha are free.")).to_be_visible()
    page.get_by_label("Your reply").fill("Thank you. What is the land rent per m²?")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_text("Your reply was sent.")).to_be_visible(timeout=30_000)
    shot(page, "investment-enquiry-replied-en")

    # Vietnamese: an enquiry, its page, then the erasure of the person's data
    page.goto("/dau-tu/lien-he/?project=DN-CNC-01")
    page.get_by_label("Họ và tên").fill("Nguyễn Văn An")
    page.get_by_label("Thư điện tử").fill("an@example.vn")
    page.get_by_label("Nội dung").fill("Công ty tôi cần 2 ha đất tại Khu CNC Đà Nẵng.")
    page.get_by_label("Tôi đã đọc những dữ liệu được lưu").check()
    page.wait_for_timeout(3100)
    page.get_by_role("button", name="Gửi").click()
    expect(page.get_by_role("heading", name="Yêu cầu DT-")).to_be_visible(timeout=30_000)
    shot(page, "investment-enquiry-status-vi")
    page.get_by_role("button", name="Xóa dữ liệu cá nhân của tôi").click()
    expect(page.get_by_text("Đánh dấu vào ô để xác nhận việc xóa.")).to_be_visible(timeout=30_000)
    page.get_by_label("Có, xóa dữ liệu cá nhân của tôi").check()
    page.get_by_role("button", name="Xóa dữ liệu cá nhân của tôi").click()
    expect(page.get_by_text("đã được xóa").first).to_be_visible(timeout=30_000)
    expect(page.locator(".stage.current")).to_have_text("đã đóng")
    shot(page, "investment-enquiry-erased-vi")
    assert not Enquiry.objects.filter(email="an@example.vn").exists()


def test_a_foreign_company_joins_a_b2b_day_and_asks_for_an_online_meeting(load_demo, page, shot):
    from playwright.sync_api import expect

    from hoptac.investment.models import Event

    load_demo()
    event = Event.objects.get()
    page.goto(f"/en/invest/events/{event.pk}/")
    expect(page.get_by_text("Da Nang Exhibition Centre")).to_be_visible()
    expect(page.get_by_text("Hall A, ground floor").first).to_be_visible()
    page.get_by_label("a foreign company").check()
    page.get_by_label("Company name").fill("Müller Automation GmbH")
    page.get_by_label("Country").fill("Germany")
    page.get_by_label("Contact person").fill("Anna Müller")
    page.get_by_label("Contact e-mail").fill("anna@example.de")
    page.get_by_label("What you offer").fill("Equipment control software for factories")
    page.get_by_label("What you look for").fill("Semiconductor packaging equipment suppliers")
    page.get_by_label("Sector (VSIC 2018 division").fill("62")
    page.get_by_label("I have read what is kept").check()
    shot(page, "investment-b2b-register-en")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Suggested partners")).to_be_visible(timeout=30_000)
    expect(page.locator(".matches").get_by_text("Sato Semiconductors KK")).to_be_visible()
    page.locator("#id_target").select_option(label="Sato Semiconductors KK (Japan)")
    page.get_by_label("Online meeting link").fill("http://meet.example.com/x")
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("p.error", has_text="must start with https://")).to_be_visible(
        timeout=30_000
    )
    # the summary above the form names the field too
    expect(page.locator(".form-errors li", has_text="Online meeting link")).to_be_visible()
    page.get_by_label("Online meeting link").fill("https://meet.example.com/anna-kenji")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Your request was sent.")).to_be_visible(timeout=30_000)
    shot(page, "investment-b2b-participant-en")

    page.goto(f"/dau-tu/su-kien/{event.pk}/")
    expect(page.get_by_text("Trung tâm Hội chợ Triển lãm Đà Nẵng")).to_be_visible()
    expect(page.get_by_text("Sảnh A, tầng 1").first).to_be_visible()
    shot(page, "investment-b2b-event-vi")
