from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

logger = logging.getLogger(__name__)
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


class ReadApiMiddleware:
    """Cookie-less GET/HEAD reads of the data APIs (/ogc/collections/…, /tiles/…) in JSON or MVT
    take a short path: such a request is anonymous and carries no session, so the session,
    authentication, CSRF, messages, history and login-throttling middleware have nothing to do
    for it (a third of the time of one feature by id). SecurityMiddleware runs before this one;
    the headers the skipped middleware would set (X-Frame-Options, Content-Language, Vary:
    Cookie, Content-Length) are set here. Anything else, HTML pages included, takes the full
    chain; the views still apply every access rule (a private layer answers 401 here).
    """

    PREFIXES = ("/ogc/collections/", "/tiles/")
    # The routes of those reads alone (the site's URLconf includes them): faster to try.
    URLCONF = "hoptac.geodata.read_urls"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = self._match(request)
        if match is None:
            return self.get_response(request)
        request.user = AnonymousUser()
        language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        request.resolver_match = match
        response = match.func(request, *match.args, **match.kwargs)
        if not response.streaming and not response.has_header("Content-Length"):
            response.headers["Content-Length"] = str(len(response.content))
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        if not getattr(match.func, "xframe_options_exempt", False):
            response.headers.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        return response

    def _match(self, request: HttpRequest):
        if request.method not in ("GET", "HEAD") or not request.path.startswith(self.PREFIXES):
            return None
        meta = request.META
        if meta.get("HTTP_COOKIE") or "text/html" in meta.get("HTTP_ACCEPT", ""):
            return None
        if "f=html" in meta.get("QUERY_STRING", ""):
            return None
        try:
            return resolve(request.path_info, urlconf=self.URLCONF)
        except Resolver404:
            return None


class StorageFullMiddleware:
    """An upload refused because the media volume is full (hoptac.storage.StorageFull): a
    clear page with status 507 instead of a server error. The action's transaction has rolled
    back and the partial file is gone, so nothing was saved."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        from django.shortcuts import render

        from hoptac.storage import StorageFull

        if isinstance(exception, StorageFull):
            logger.error("upload refused: the media volume is full (%s)", request.path)
            return render(request, "errors/507.html", status=507)
        return None
