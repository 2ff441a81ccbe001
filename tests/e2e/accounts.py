"""Signing in as a demo account, the way a user does: the sign-in page, its labels, its button."""

from __future__ import annotations

DEMO_PASSWORD = "hoptac-demo-2019"


def sign_in(page, username: str, next_url: str = "/") -> None:
    """Sign in through the page and wait until the browser lands on ``next_url``."""
    page.goto(f"/dang-nhap/?next={next_url}")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"**{next_url}")
