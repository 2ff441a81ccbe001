from django.urls import path

from .views import (
    agreements,
    calendar,
    commitments,
    dashboards,
    drafting,
    excel,
    integration,
    progress,
    public,
    reports,
    tasklist,
    tasks,
)

app_name = "programmes"

urlpatterns = [
    path("chuong-trinh/", agreements.agreement_list, name="agreement_list"),
    path("chuong-trinh/moi/", agreements.agreement_edit, name="agreement_create"),
    path("chuong-trinh/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("chuong-trinh/<int:pk>/sua/", agreements.agreement_edit, name="agreement_edit"),
    path("chuong-trinh/<int:pk>/bang/", agreements.board, name="board"),
    path("chuong-trinh/<int:pk>/tien-do/", agreements.timeline, name="timeline"),
    path("chuong-trinh/<int:pk>/bao-cao/", reports.review_report, name="review_report"),
    path("chuong-trinh/<int:pk>/du-thao/", drafting.draft, name="draft"),
    path(
        "chuong-trinh/<int:pk>/van-ban-goc/", agreements.agreement_source, name="agreement_source"
    ),
    path("nhiem-vu/", tasklist.task_list, name="task_list"),
    path("nhiem-vu/sua-nhieu/", tasklist.task_bulk_edit, name="task_bulk_edit"),
    path("nhiem-vu/bo-loc/", tasklist.task_filter_save, name="task_filter_save"),
    path("nhiem-vu/bo-loc/<int:pk>/xoa/", tasklist.task_filter_delete, name="task_filter_delete"),
    path("nhiem-vu/cua-toi/", tasks.my_work, name="my_work"),
    path("nhiem-vu/thong-ke/", dashboards.dashboard, name="dashboard"),
    path("nhiem-vu/nhac-viec/", calendar.reminder_settings, name="reminder_settings"),
    path("nhiem-vu/nhap-excel/", excel.task_import, name="task_import"),
    path("nhiem-vu/mau-nhap.xlsx", excel.task_template, name="task_template"),
    path("nhiem-vu/moi/<int:commitment_pk>/", tasks.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", tasks.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", tasks.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/bao-cao/", progress.task_report, name="task_report"),
    path("nhiem-vu/<int:pk>/gia-han/", progress.task_extension, name="task_extension"),
    path("nhiem-vu/<int:pk>/mo-lai/", progress.task_reopen, name="task_reopen"),
    path("nhiem-vu/<int:pk>/y-kien/", progress.task_comment, name="task_comment"),
    path("nhiem-vu/<int:pk>/phu-thuoc/", progress.task_dependency, name="task_dependency"),
    path("nhiem-vu/minh-chung/<int:pk>/", progress.evidence_file, name="evidence_file"),
    path("chuong-trinh/linh-vuc/", commitments.field_list, name="field_list"),
    path("chuong-trinh/cam-ket/lien-ket/", commitments.link_commitment, name="link_commitment"),
    path("gia-han/<int:pk>/quyet-dinh/", progress.extension_decide, name="extension_decide"),
    path("lich/<str:token>.ics", calendar.ical_feed, name="ical_feed"),
    # Public accountability: what the coordinators published, and their acts of publication.
    path("cong-khai/", public.public_index, name="public_index"),
    path("cong-khai/thoa-thuan/<int:pk>/", public.public_agreement, name="public_agreement"),
    path(
        "cong-khai/thoa-thuan/<int:pk>/atom.xml",
        public.agreement_feed,
        name="public_agreement_feed",
    ),
    path("cong-khai/cam-ket/<int:pk>/", public.public_commitment, name="public_commitment"),
    path(
        "cong-khai/cam-ket/<int:pk>/atom.xml",
        public.commitment_feed,
        name="public_commitment_feed",
    ),
    path("cong-khai/minh-chung/<int:pk>/", public.public_evidence_file, name="public_evidence"),
    path(
        "chuong-trinh/cam-ket/<int:pk>/cong-bo/",
        public.commitment_publication,
        name="commitment_publication",
    ),
    path("nhiem-vu/tich-hop/", integration.integration, name="integration"),
    path("nhiem-vu/tich-hop/webhook/<int:pk>/", integration.delivery_log, name="delivery_log"),
    path("nhiem-vu/tich-hop/gui-lai/<int:pk>/", integration.redeliver, name="redeliver"),
    path(
        "nhiem-vu/minh-chung/<int:pk>/cong-khai/",
        public.evidence_publication,
        name="evidence_publication",
    ),
]
