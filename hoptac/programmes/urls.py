from django.urls import path

from . import views

app_name = "programmes"

urlpatterns = [
    path("chuong-trinh/", views.agreement_list, name="agreement_list"),
    path("chuong-trinh/moi/", views.agreement_edit, name="agreement_create"),
    path("chuong-trinh/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("chuong-trinh/<int:pk>/sua/", views.agreement_edit, name="agreement_edit"),
    path("chuong-trinh/<int:pk>/bang/", views.board, name="board"),
    path("chuong-trinh/<int:pk>/tien-do/", views.timeline, name="timeline"),
    path("chuong-trinh/<int:pk>/bao-cao/", views.review_report, name="review_report"),
    path("chuong-trinh/<int:pk>/du-thao/", views.draft, name="draft"),
    path("chuong-trinh/<int:pk>/van-ban-goc/", views.agreement_source, name="agreement_source"),
    path("nhiem-vu/", views.task_list, name="task_list"),
    path("nhiem-vu/cua-toi/", views.my_work, name="my_work"),
    path("nhiem-vu/thong-ke/", views.dashboard, name="dashboard"),
    path("nhiem-vu/nhac-viec/", views.reminder_settings, name="reminder_settings"),
    path("nhiem-vu/nhap-excel/", views.task_import, name="task_import"),
    path("nhiem-vu/mau-nhap.xlsx", views.task_template, name="task_template"),
    path("nhiem-vu/moi/<int:commitment_pk>/", views.task_create, name="task_create"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/sua/", views.task_edit, name="task_edit"),
    path("nhiem-vu/<int:pk>/bao-cao/", views.task_report, name="task_report"),
    path("nhiem-vu/<int:pk>/gia-han/", views.task_extension, name="task_extension"),
    path("nhiem-vu/<int:pk>/mo-lai/", views.task_reopen, name="task_reopen"),
    path("nhiem-vu/<int:pk>/y-kien/", views.task_comment, name="task_comment"),
    path("nhiem-vu/<int:pk>/phu-thuoc/", views.task_dependency, name="task_dependency"),
    path("nhiem-vu/minh-chung/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("chuong-trinh/linh-vuc/", views.field_list, name="field_list"),
    path("chuong-trinh/cam-ket/lien-ket/", views.link_commitment, name="link_commitment"),
    path("gia-han/<int:pk>/quyet-dinh/", views.extension_decide, name="extension_decide"),
    path("lich/<str:token>.ics", views.ical_feed, name="ical_feed"),
]
