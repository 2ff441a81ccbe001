"""The public portal, in Vietnamese under /dau-tu/ and in English under /en/invest/.

Each page is one view; the URL decides the language (the `lang` keyword given by urls.py), so a
shared link always opens in the language it was shared in. Pages name their alternate.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hoptac.core import files
from hoptac.core.http import client_address
from hoptac.core.models import Locality
from hoptac.core.text import vi_sorted

from .. import actions, correspondence, personal_data, privacy, queries
from ..forms import EnquiryForm, EnquiryReplyForm, ErasureForm, OfferForm
from ..models import Enquiry, GuideStep, Park, Project


def portal(view: Callable) -> Callable:
    """Force the language of the URL and give the page its alternates (hreflang)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, lang: str = "vi", **kwargs) -> HttpResponse:
        if any("\x00" in str(v) for v in kwargs.values()):
            raise Http404
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        match = request.resolver_match
        base = match.url_name.removesuffix("_en") if match else ""
        alternates = {}
        for code, suffix in (("vi", ""), ("en", "_en")):
            try:
                alternates[code] = reverse(f"investment:{base}{suffix}", args=args, kwargs=kwargs)
            except NoReverseMatch:
                pass
        request.portal = {"lang": lang, "alternates": alternates}
        response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = lang
        return response

    return wrapper


def param(request: HttpRequest, name: str) -> str:
    """A query parameter without NUL characters (PostgreSQL refuses them in a query)."""
    return request.GET.get(name, "").replace("\x00", "")[:200]


def _context(request: HttpRequest, **extra) -> dict:
    return {"brand": queries.brand(), "portal": request.portal, **extra}


@portal
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "investment/portal/home.html",
        _context(
            request,
            figures=queries.key_figures(),
            sectors=[s for s in queries.priority_sectors() if s.is_joint],
            parks=queries.public_parks()[:6],
            projects=queries.public_projects().filter(status=Project.Status.CALLING)[:6],
            incentives=queries.active_incentive_rules()[:4],
        ),
    )


@portal
def project_list(request: HttpRequest) -> HttpResponse:
    qs = queries.public_projects()
    locality = param(request, "locality")
    division = param(request, "sector")[:2]
    status = param(request, "status")
    if locality:
        qs = qs.filter(locality__code=locality)
    if division.isdigit():
        qs = qs.filter(vsic_code__startswith=division)
    if status in Project.Status.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "investment/portal/project_list.html",
        _context(
            request,
            page=page,
            localities=Locality.objects.filter(pk__in=Project.objects.values("locality")),
            statuses=[c for c in Project.Status.choices if c[0] != Project.Status.DRAFT],
            filters={"locality": locality, "sector": division, "status": status},
        ),
    )


@portal
def project_detail(request: HttpRequest, code: str) -> HttpResponse:
    project = get_object_or_404(queries.projects_visible_to(request.user), code=code)
    own = (project.vsic_version, project.vsic_code)
    pairs = correspondence.vsic_2025_for(project.vsic_code) if own[0] == "2018" else []
    vsic = queries.vsic_names({own} | {("2025", p.code_2025) for p in pairs})
    return render(
        request,
        "investment/portal/project_detail.html",
        _context(
            request,
            project=project,
            vsic=vsic.get(own),
            # VSIC 2018 only: its VSIC 2025 codes where the correspondence is loaded
            vsic_2025=[(p, vsic.get(("2025", p.code_2025))) for p in pairs],
            vsic_2025_loaded=own[0] == "2018" and correspondence.is_loaded(project.vsic_code),
            correspondence_url=correspondence.SOURCE_URL,
            incentives=queries.incentives_for(project),
            attachments=project.attachments.all(),
            can_change=request.user.has_perm("investment.change_project", project),
        ),
    )


@portal
def park_list(request: HttpRequest) -> HttpResponse:
    kind = param(request, "kind")
    qs = queries.public_parks()
    if kind in Park.Kind.values:
        qs = qs.filter(kind=kind)
    return render(
        request,
        "investment/portal/park_list.html",
        _context(request, parks=qs, kinds=Park.Kind.choices, kind=kind),
    )


@portal
def park_detail(request: HttpRequest, slug: str) -> HttpResponse:
    park = get_object_or_404(queries.park_with_history(slug))
    return render(
        request,
        "investment/portal/park_detail.html",
        _context(
            request,
            park=park,
            can_change=request.user.has_perm("investment.change_park", park),
        ),
    )


@portal
def sectors(request: HttpRequest) -> HttpResponse:
    rows = list(queries.priority_sectors())
    pairs = {(s.vsic_version, c) for s in rows for c in s.vsic_codes.split()}
    names = queries.vsic_names(pairs)
    for s in rows:
        s.vsic_rows = [names.get((s.vsic_version, c)) for c in s.vsic_codes.split()]
    groups = {}
    for s in rows:
        groups.setdefault(s.locality, []).append(s)
    return render(
        request,
        "investment/portal/sectors.html",
        _context(
            request,
            joint=groups.pop(None, []),
            lists=queries.priority_lists(),
            by_city=sorted(groups.items(), key=lambda kv: kv[0].code),
        ),
    )


@portal
def incentives(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "investment/portal/incentives.html",
        _context(request, rules=queries.active_incentive_rules()),
    )


@portal
def enterprise_list(request: HttpRequest) -> HttpResponse:
    qs = queries.enterprises_visible_to(request.user)
    locality = param(request, "locality")
    text = param(request, "q").strip()[:100]
    division = param(request, "sector")[:2]
    if locality:
        qs = qs.filter(locality__code=locality)
    if division.isdigit():
        qs = qs.filter(vsic_division=division)
    if text:
        qs = qs.filter(
            Q(name_vi__icontains=text) | Q(name_en__icontains=text) | Q(tax_code__startswith=text)
        )
    # Vietnamese order of the names (the directory is some hundred rows: sorted after the fetch)
    page = Paginator(vi_sorted(qs, key=lambda e: e.name), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "investment/portal/enterprise_list.html",
        _context(
            request,
            page=page,
            localities=queries.brand().localities.all() if queries.brand() else [],
            filters={"locality": locality, "q": text, "sector": division},
        ),
    )


@portal
def enterprise_detail(request: HttpRequest, tax_code: str) -> HttpResponse:
    enterprise = get_object_or_404(queries.enterprises_visible_to(request.user), tax_code=tax_code)
    in_2018 = enterprise.vsic_version == "2018"
    return render(
        request,
        "investment/portal/enterprise_detail.html",
        _context(
            request,
            enterprise=enterprise,
            # VSIC 2018 only: the VSIC 2025 codes of its main code, where the table is loaded
            vsic_2025=correspondence.vsic_2025_for(enterprise.vsic_code) if in_2018 else [],
            vsic_2025_loaded=in_2018 and correspondence.is_loaded(enterprise.vsic_code),
            correspondence_url=correspondence.SOURCE_URL,
            offers=enterprise.offers.filter(active=True),
            offer_form=OfferForm(),
            can_change=request.user.has_perm("investment.change_enterprise", enterprise),
        ),
    )


def _rate_limited(request: HttpRequest) -> bool:
    window = settings.INVESTMENT_ENQUIRY_WINDOW
    key = f"investment:enquiry:{client_address(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, window)
        count = 1
    return count > settings.INVESTMENT_ENQUIRY_LIMIT


@portal
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    joint = queries.brand()
    localities = joint.localities.all() if joint else Locality.objects.none()
    project = None
    code = (request.GET.get("project") or request.POST.get("project_code") or "").replace(
        "\x00", ""
    )
    if code:
        project = queries.public_projects().filter(code=code).first()
    initial = {"locality": project.locality_id} if project else {}
    form = EnquiryForm(request.POST or None, localities=localities, initial=initial)
    status = 200
    if request.method == "POST":
        if _rate_limited(request):
            status = 429
            form.is_valid()  # show the person's text again, with errors if any
            messages.error(
                request,
                _(
                    "You have sent several enquiries in a short time. Your text is kept below: "
                    "please try again in an hour, or write to us by e-mail."
                ),
            )
        elif form.is_valid():
            data = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("website", "token", "consent")
            }
            data["project"] = project
            enquiry = actions.submit_enquiry(
                data, language=request.portal["lang"], site=_site(request)
            )
            messages.success(
                request,
                _(
                    "Thank you. Your enquiry %(ref)s was received; we answer within two working "
                    "days. Keep the address of this page: it is your private link to the answer "
                    "(we also sent it by e-mail)."
                )
                % {"ref": enquiry.reference},
            )
            return redirect(actions.tracking_url(enquiry))
        else:
            status = 400
    return render(
        request,
        "investment/portal/contact.html",
        _context(
            request,
            form=form,
            project=project,
            notice=privacy.NOTICES["enquiry"],
            rights=privacy.RIGHTS,
        ),
        status=status,
    )


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@portal
@require_http_methods(["GET", "POST"])
def enquiry_status(request: HttpRequest, key: str) -> HttpResponse:
    """The investor's tracking page: reachable only by its private key, no account needed."""
    enquiry = queries.enquiry_by_key(key)
    if enquiry is None:
        raise Http404
    form = EnquiryReplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.reply_to_enquiry(enquiry, form.cleaned_data["text"])
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(
                    request, _("Your reply was sent. We answer within two working days.")
                )
                return redirect(request.path)
        status = 400
    return render(
        request,
        "investment/portal/enquiry_status.html",
        _context(
            request,
            enquiry=enquiry,
            conversation=enquiry.messages.all(),
            form=form,
            erase=ErasureForm(),
            stages=Enquiry.Stage.choices,
            notice=privacy.NOTICES["enquiry"],
            rights=privacy.RIGHTS,
        ),
        status=status,
    )


def enquiry_data(request: HttpRequest, key: str) -> HttpResponse:
    """A copy of the investor's personal data (Decree 13/2023/NĐ-CP, Article 14)."""
    enquiry = queries.enquiry_by_key(key)
    if enquiry is None:
        raise Http404
    return personal_data.as_download(
        personal_data.enquiry_data(enquiry), f"{enquiry.reference}.json"
    )


@require_POST
def enquiry_erase(request: HttpRequest, key: str) -> HttpResponse:
    """Erase the investor's data from the enquiry (Decree 13/2023/NĐ-CP, Article 16)."""
    enquiry = queries.enquiry_by_key(key)
    if enquiry is None:
        raise Http404
    form = ErasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["confirm"]))
    elif enquiry.erased_at is None:
        personal_data.erase_enquiry(enquiry)
        messages.success(request, _("Your personal data were erased."))
    return redirect(actions.tracking_url(enquiry))


def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public portal page, in both languages, with hreflang alternates."""
    base = request.build_absolute_uri("/").rstrip("/")
    pages: list[tuple[str, tuple]] = [
        (name, ())
        for name in (
            "home",
            "project_list",
            "park_list",
            "sectors",
            "incentives",
            "enterprise_list",
            "contact",
            "event_list",
            "guide",
        )
    ]
    pages += [
        ("guide_city", (c,))
        for c in GuideStep.objects.filter(published=True)
        .values_list("locality__code", flat=True)
        .distinct()
    ]
    pages += [
        ("project_detail", (c,)) for c in queries.public_projects().values_list("code", flat=True)
    ]
    pages += [("park_detail", (s,)) for s in queries.public_parks().values_list("slug", flat=True)]
    pages += [
        ("enterprise_detail", (t,))
        for t in queries.public_enterprises().values_list("tax_code", flat=True)[:40000]
    ]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for name, args in pages:
        vi = base + reverse(f"investment:{name}", args=args)
        en = base + reverse(f"investment:{name}_en", args=args)
        for loc in (vi, en):
            lines.append(
                f"<url><loc>{loc}</loc>"
                f'<xhtml:link rel="alternate" hreflang="vi" href="{vi}"/>'
                f'<xhtml:link rel="alternate" hreflang="en" href="{en}"/></url>'
            )
    lines.append("</urlset>")
    return HttpResponse("\n".join(lines), content_type="application/xml; charset=utf-8")


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """A project document, for whoever may see the project (a draft's only for its city)."""
    item = get_object_or_404(queries.attachments_visible_to(request.user), pk=pk)
    return files.serve(item.file, name=item.name or item.title, kind=item.kind)


def logo(request: HttpRequest) -> HttpResponse:
    """The joint brand's logo (public, like the portal it heads)."""
    joint = queries.brand()
    if joint is None or not joint.logo:
        raise Http404
    extension = joint.logo.name.rpartition(".")[2]
    return files.serve(joint.logo, name=f"logo.{extension}")
