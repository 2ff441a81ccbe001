"""Portal pages exist twice — Vietnamese under /dau-tu/, English under /en/invest/ — as the same
views with the language forced; the officers' workspace lives under /dau-tu/quan-ly/."""

from django.urls import path

from .views import events, guide, portal, workspace

app_name = "investment"


def bilingual(vi: str, en: str, view, name: str) -> list:
    return [
        path(f"dau-tu/{vi}", view, {"lang": "vi"}, name=name),
        path(f"en/invest/{en}", view, {"lang": "en"}, name=f"{name}_en"),
    ]


urlpatterns = [
    *bilingual("", "", portal.home, "home"),
    *bilingual("du-an/", "projects/", portal.project_list, "project_list"),
    *bilingual(
        "du-an/<str:code>/", "projects/<str:code>/", portal.project_detail, "project_detail"
    ),
    *bilingual("khu/", "parks/", portal.park_list, "park_list"),
    *bilingual("khu/<slug:slug>/", "parks/<slug:slug>/", portal.park_detail, "park_detail"),
    *bilingual("linh-vuc-uu-tien/", "priority-sectors/", portal.sectors, "sectors"),
    *bilingual("uu-dai/", "incentives/", portal.incentives, "incentives"),
    *bilingual("doanh-nghiep/", "enterprises/", portal.enterprise_list, "enterprise_list"),
    *bilingual(
        "doanh-nghiep/<str:tax_code>/",
        "enterprises/<str:tax_code>/",
        portal.enterprise_detail,
        "enterprise_detail",
    ),
    *bilingual("huong-dan/", "guide/", guide.guide, "guide"),
    *bilingual("huong-dan/<str:code>/", "guide/<str:code>/", guide.guide_city, "guide_city"),
    *bilingual("lien-he/", "contact/", portal.contact, "contact"),
    *bilingual(
        "yeu-cau/<str:key>/", "enquiries/<str:key>/", portal.enquiry_status, "enquiry_status"
    ),
    *bilingual("su-kien/", "events/", events.event_list, "event_list"),
    *bilingual("su-kien/<int:pk>/", "events/<int:pk>/", events.event_detail, "event_detail"),
    path("dau-tu/sitemap.xml", portal.sitemap, name="sitemap"),
    path("dau-tu/tai-lieu/<int:pk>/", portal.attachment, name="attachment"),
    path("dau-tu/logo/", portal.logo, name="logo"),
    *bilingual("ca-nhan/<str:token>/", "me/<str:token>/", events.participant, "participant"),
    path(
        "dau-tu/ca-nhan/<str:token>/yeu-cau/<int:request_id>/",
        events.participant_decide,
        name="participant_decide",
    ),
    path("dau-tu/ca-nhan/<str:token>/lich.pdf", events.agenda_pdf, name="agenda_pdf"),
    path(
        "dau-tu/ca-nhan/<str:token>/du-lieu.json", events.participant_data, name="participant_data"
    ),
    path("dau-tu/ca-nhan/<str:token>/xoa/", events.participant_erase, name="participant_erase"),
    path("dau-tu/yeu-cau/<str:key>/du-lieu.json", portal.enquiry_data, name="enquiry_data"),
    path("dau-tu/yeu-cau/<str:key>/xoa/", portal.enquiry_erase, name="enquiry_erase"),
    path("dau-tu/ca-nhan/<str:token>/lich.ics", events.agenda_ics, name="agenda_ics"),
    # Workspace
    path("dau-tu/quan-ly/", workspace.dashboard, name="dashboard"),
    path("dau-tu/quan-ly/thuong-hieu/", workspace.brand_edit, name="brand_edit"),
    path("dau-tu/quan-ly/huong-dan/", guide.guide_steps, name="guide_steps"),
    path("dau-tu/quan-ly/huong-dan/moi/", guide.guide_step_edit, name="guide_step_create"),
    path("dau-tu/quan-ly/huong-dan/<int:pk>/", guide.guide_step_edit, name="guide_step_edit"),
    path("dau-tu/quan-ly/du-an/moi/", workspace.project_edit, name="project_create"),
    path("dau-tu/quan-ly/du-an/<str:code>/", workspace.project_edit, name="project_edit"),
    path(
        "dau-tu/quan-ly/du-an/<str:code>/tai-lieu/",
        workspace.project_attachments,
        name="project_attachments",
    ),
    path(
        "dau-tu/quan-ly/du-an/<str:code>/tai-lieu/<int:pk>/xoa/",
        workspace.project_attachment_remove,
        name="project_attachment_remove",
    ),
    path("dau-tu/quan-ly/khu/moi/", workspace.park_edit, name="park_create"),
    path("dau-tu/quan-ly/khu/<slug:slug>/", workspace.park_edit, name="park_edit"),
    path("dau-tu/quan-ly/doanh-nghiep/moi/", workspace.enterprise_edit, name="enterprise_create"),
    path(
        "dau-tu/quan-ly/doanh-nghiep/<str:tax_code>/",
        workspace.enterprise_edit,
        name="enterprise_edit",
    ),
    path(
        "dau-tu/quan-ly/doanh-nghiep/<str:tax_code>/xac-minh/",
        workspace.enterprise_verify,
        name="enterprise_verify",
    ),
    path(
        "dau-tu/quan-ly/doanh-nghiep/<str:tax_code>/chao-ban/",
        workspace.offer_add,
        name="offer_add",
    ),
    path("dau-tu/quan-ly/yeu-cau/", workspace.enquiry_list, name="enquiry_list"),
    path("dau-tu/quan-ly/yeu-cau/<int:pk>/", workspace.enquiry_detail, name="enquiry_detail"),
    path("dau-tu/quan-ly/ket-noi/<str:kind>/<str:key>/", workspace.matches, name="matches"),
    path("dau-tu/quan-ly/su-kien/<int:pk>/", workspace.event_manage, name="event_manage"),
]
