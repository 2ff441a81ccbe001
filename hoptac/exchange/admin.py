from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Adoption, Attachment, ExperienceRequest, Policy, Practice


@admin.register(Practice)
class PracticeAdmin(SimpleHistoryAdmin):
    list_display = ("title_vi", "organisation", "status", "visibility", "published_at")
    list_filter = ("status", "visibility", "locality")
    search_fields = ("title_vi", "title_en")
    raw_id_fields = ("organisation", "locality", "created_by")


@admin.register(Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ("number", "title_vi", "issuer", "legal_status", "status")
    list_filter = ("legal_status", "kind", "status")
    search_fields = ("number", "title_vi")
    raw_id_fields = ("organisation", "locality", "created_by", "replaced_by")


@admin.register(ExperienceRequest)
class ExperienceRequestAdmin(SimpleHistoryAdmin):
    list_display = ("subject", "organisation", "due_on", "status")
    list_filter = ("status",)
    raw_id_fields = ("organisation", "locality", "created_by")


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ("title_vi", "kind", "starts_at", "status")
    list_filter = ("kind", "status")
    raw_id_fields = ("organisation", "locality", "created_by", "host_locality")


admin.site.register(Adoption, SimpleHistoryAdmin)
admin.site.register(Attachment)
