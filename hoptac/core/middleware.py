from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

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
        if language not in SUPPORTED and _api_client(request):
            language = _accepted(request)
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
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language",))
        return response


def _api_client(request: HttpRequest) -> bool:
    """A program calling the API (a token, no session): it has no language switch, so its
    `Accept-Language` is an explicit choice, not a browser's default."""
    return request.path.startswith("/api/") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _accepted(request: HttpRequest) -> str | None:
    """The first supported language of `Accept-Language` by its q-values (Django's parser; a
    malformed header names none)."""
    header = request.headers.get("Accept-Language", "")
    for tag, _q in parse_accept_lang_header(header):
        if tag.split("-")[0] in SUPPORTED:
            return tag.split("-")[0]
    return None


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


class BodyTooLarge(Exception):
    """A request body passed the limit while it was being read."""


class _BodyLimitHandler(FileUploadHandler):
    """Counts the file bytes of a multipart body as they are read and stops past the limit (a body
    whose declared length was not trusted, or not given)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit:
            raise BodyTooLarge

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            raise BodyTooLarge
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def accepts_body(limit: Callable[[], int]) -> Callable:
    """Let a view accept a request body larger than UPLOAD_MAX_BYTES: `limit()` bytes at most."""

    def decorate(view: Callable) -> Callable:
        view.max_body_bytes = limit
        return view

    return decorate


def parse_body_within(request: HttpRequest, limit: int) -> bool:
    """Parse a multipart POST body now, counting the bytes; False once it passes `limit`."""
    request.upload_handlers.insert(0, _BodyLimitHandler(request, limit))
    try:
        request.POST  # noqa: B018 — parsed here so that the count applies
    except BodyTooLarge:
        request._mark_post_parse_error()
        return False
    return True


class BodyLimitMiddleware:
    """The request body limit for every request, multipart uploads included.

    UPLOAD_MAX_BYTES (Django's DATA_UPLOAD_MAX_MEMORY_SIZE) caps the non-file part of a form only;
    the files of a multipart body were received in full before any form said no. Here a body
    whose Content-Length passes the limit gets a 413 page before a byte of it is read, and a
    multipart body is parsed with a counter that stops once the bytes pass the limit. A view may
    accept more with `accepts_body` (the layer import does). Must come before CsrfViewMiddleware,
    whose check reads the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        own = getattr(view_func, "max_body_bytes", None)
        limit = max(settings.UPLOAD_MAX_BYTES, own() if own else 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            return too_large(request, limit)
        if request.method == "POST" and request.content_type == "multipart/form-data":
            if not parse_body_within(request, limit):
                return too_large(request, limit)
        return None


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    """The 413 page: what the limit is, in the reader's language."""
    from django.shortcuts import render

    # No "Connection: close" here: a WSGI application may not set hop-by-hop headers; the server
    # (gunicorn) discards the unread rest of the body itself.
    return render(request, "errors/413.html", {"limit": limit}, status=413)


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


class ContentSecurityPolicyMiddleware:
    """A Content-Security-Policy on every response: scripts and style sheets from this site only,
    inline ones only with the request's nonce (`request.csp_nonce`, `{{ csp_nonce }}` in
    templates). Style attributes stay allowed (bar widths, legend swatches), and MapLibre's
    workers come from blob: URLs. The base map's tile server, when one is set, is allowed for
    images and fetches.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = settings.CSP_ENABLED
        tiles = settings.GEODATA_BASE_TILE_URL
        self.tile_origin = _origin(tiles)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        import secrets

        request.csp_nonce = secrets.token_urlsafe(16)
        response = self.get_response(request)
        if self.enabled and "Content-Security-Policy" not in response.headers:
            response.headers["Content-Security-Policy"] = self.policy(request.csp_nonce)
        return response

    def policy(self, nonce: str) -> str:
        extra = f" {self.tile_origin}" if self.tile_origin else ""
        directives = [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            f"style-src 'self' 'nonce-{nonce}'",
            "style-src-attr 'unsafe-inline'",
            f"img-src 'self' data: blob:{extra}",
            f"connect-src 'self'{extra}",
            "worker-src 'self' blob:",
            "child-src 'self' blob:",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
        return "; ".join(directives)


def _origin(url: str) -> str:
    """'https://tiles.example.org' of a tile URL template, or '' when there is none."""
    from urllib.parse import urlsplit

    if not url.startswith(("http://", "https://")):
        return ""
    parts = urlsplit(url.replace("{", "").replace("}", ""))
    return f"{parts.scheme}://{parts.netloc}"
