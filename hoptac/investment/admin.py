"""Django admin for the vocabularies and for what the portal pages have no form for yet
(attachments, occupancy history, offers). Geometries are edited in the workspace (GeoJSON)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import models


@admin.register(models.VsicCode)
class VsicCodeAdmin(admin.ModelAdmin):
    list_display = ["version", "code", "level", "section", "name_vi"]
    list_filter = ["version", "level", "section"]
    search_fields = ["code", "name_vi", "name_en"]


class PriorityItemInline(admin.TabularInline):
    model = models.PriorityItem
    extra = 0


@admin.register(models.PriorityList)
class PriorityListAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "legal_basis", "effective_from", "effective_to"]
    inlines = [PriorityItemInline]


@admin.register(models.PrioritySector)
class PrioritySectorAdmin(admin.ModelAdmin):
    list_display = ["vocabulary", "code", "locality", "name_vi", "vsic_version", "vsic_codes"]
    list_filter = ["vocabulary", "locality"]
    filter_horizontal = ["items"]


@admin.register(models.IncentiveRule)
class IncentiveRuleAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "name_vi",
        "legal_basis",
        "effective_from",
        "effective_to",
        "source_url",
    ]


@admin.register(models.Brand)
class BrandAdmin(SimpleHistoryAdmin):
    list_display = ["name_vi", "name_en"]
    filter_horizontal = ["localities"]


class AttachmentInline(admin.TabularInline):
    """Shown here, uploaded in the workspace only, where every file is checked by content."""

    model = models.ProjectAttachment
    extra = 0
    # A stored file has no public URL (hoptac.core.files): the file field itself, shown read-only,
    # asked for one and the change page of a project with an attachment answered 500 (found by a
    # crawl as the superuser). The download goes through the view that checks the permission.
    fields = ["title", "download", "kind", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["download", "kind", "size", "uploaded_by", "uploaded_at"]

    @admin.display(description=_("file"))
    def download(self, obj: models.ProjectAttachment) -> str:
        if not obj.pk:
            return "—"
        url = reverse("investment:attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.name or obj.title)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(models.Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "title_vi", "locality", "vsic_version", "vsic_code", "status"]
    list_filter = ["locality", "status", "vsic_version"]
    search_fields = ["code", "title_vi", "title_en"]
    exclude = ["location", "footprint"]
    inlines = [AttachmentInline]


class OccupancyInline(admin.TabularInline):
    model = models.ParkOccupancy
    extra = 0


@admin.register(models.Park)
class ParkAdmin(SimpleHistoryAdmin):
    list_display = ["name_vi", "kind", "locality", "total_area_ha", "available_area_ha"]
    list_filter = ["kind", "locality"]
    exclude = ["footprint"]
    inlines = [OccupancyInline]


class OfferInline(admin.TabularInline):
    model = models.Offer
    extra = 0


@admin.register(models.Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ["tax_code", "name_vi", "locality", "vsic_code", "size", "verification"]
    list_filter = ["locality", "verification", "size"]
    search_fields = ["tax_code", "name_vi", "name_en"]
    exclude = ["location"]
    inlines = [OfferInline]


@admin.register(models.Enquiry)
class EnquiryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "company", "locality", "status", "received_at", "due_at"]
    list_filter = ["locality", "status"]


@admin.register(models.Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["name_vi", "locality", "day"]


@admin.register(models.DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    """The log of personal-data requests: read only, it is the proof they were carried out."""

    list_display = ["requested_at", "kind", "subject", "record_id", "reference", "done_at"]
    list_filter = ["kind", "subject"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
