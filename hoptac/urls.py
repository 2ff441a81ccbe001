from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from hoptac.api import api
from hoptac.core import views as core_views

admin.site.site_header = _("Hoptac administration")
admin.site.site_title = _("Hoptac administration")
admin.site.index_title = _("Hoptac administration")

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("livez", core_views.livez, name="livez"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/", api.urls),
    path("quan-tri/", admin.site.urls),
    path("", include("hoptac.accounts_urls")),
    path("", include("hoptac.core.urls")),
    # Each app owns its prefixes in its own urls.py.
    path("", include("hoptac.search.urls")),
    path("", include("hoptac.programmes.urls")),
    path("", include("hoptac.exchange.urls")),
    path("", include("hoptac.investment.urls")),
    path("", include("hoptac.geodata.urls")),
    path("", include("hoptac.indicators.urls")),
    # English is for investors (the portal) and the indicators; a visitor who types /en/ lands on
    # the English portal's home instead of a 404 (found by a crawl).
    path("en/", RedirectView.as_view(pattern_name="investment:home_en"), name="english_home"),
]
# No route serves MEDIA_ROOT: every stored file is downloaded through a view that checks the
# permission of the object it belongs to (hoptac.core.files.serve).

handler400 = "hoptac.core.views.error_400"
handler403 = "hoptac.core.views.error_403"
handler404 = "hoptac.core.views.error_404"
handler500 = "hoptac.core.views.error_500"
