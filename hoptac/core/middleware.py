from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _label in settings.LANGUAGES}


class LanguageMiddleware:
    """Vietnamese unless the user chose otherwise.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English
    to most officials whose browsers were installed in English. Here the choice is explicit:
    the language switch (cookie), else the account's preference, else Vietnamese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            preferred = (
                getattr(user, "language", None)
                if getattr(user, "is_authenticated", False)
                else None
            )
            language = preferred if preferred in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response
