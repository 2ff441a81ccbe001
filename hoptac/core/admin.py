from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    CooperationField,
    CounterpartLink,
    Locality,
    Membership,
    Organisation,
    Partnership,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Hoptac"), {"fields": ("full_name", "job_title", "phone", "language")}),
    )
    list_display = ("username", "full_name", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]


@admin.register(Locality)
class LocalityAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_vi", "name_en", "kind", "valid_from", "valid_to", "successor")
    search_fields = ("code", "name_vi", "name_en")


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ("name_vi", "abbreviation", "kind", "locality", "valid_to", "successor")
    list_filter = ("locality", "kind")
    search_fields = ("name_vi", "name_en", "abbreviation")
    autocomplete_fields = ["parent", "successor"]


@admin.register(CooperationField)
class CooperationFieldAdmin(SimpleHistoryAdmin):
    list_display = ("order", "code", "name_vi", "name_en", "source_paragraph")
    search_fields = ("code", "name_vi", "name_en")


@admin.register(CounterpartLink)
class CounterpartLinkAdmin(SimpleHistoryAdmin):
    list_display = ("organisation_a", "organisation_b", "field")
    list_filter = ("field",)
    autocomplete_fields = ["organisation_a", "organisation_b"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ("locality_a", "locality_b", "since", "basis")


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "organisation", "role", "valid_from", "valid_to")
    list_filter = ("role", "organisation__locality")
    autocomplete_fields = ["user", "organisation"]
