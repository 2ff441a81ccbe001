from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("trao-doi/", views.index, name="index"),
    path("trao-doi/thuc-tien/", views.practice_list, name="practice_list"),
    path("trao-doi/thuc-tien/moi/", views.practice_create, name="practice_create"),
    path("trao-doi/thuc-tien/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("trao-doi/thuc-tien/<int:pk>/sua/", views.practice_edit, name="practice_edit"),
    path("trao-doi/thuc-tien/<int:pk>/ap-dung/", views.practice_adopt, name="practice_adopt"),
    path("trao-doi/ap-dung/<int:pk>/ket-qua/", views.adoption_outcome, name="adoption_outcome"),
    path("trao-doi/tep/<int:pk>/", views.attachment, name="attachment"),
    path("trao-doi/chinh-sach/", views.policy_list, name="policy_list"),
    path("trao-doi/chinh-sach/moi/", views.policy_create, name="policy_create"),
    path("trao-doi/chinh-sach/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("trao-doi/chinh-sach/<int:pk>/sua/", views.policy_edit, name="policy_edit"),
    path("trao-doi/hoi-dap/", views.request_list, name="request_list"),
    path("trao-doi/hoi-dap/moi/", views.request_create, name="request_create"),
    path("trao-doi/hoi-dap/<int:pk>/", views.request_detail, name="request_detail"),
    path(
        "trao-doi/hoi-dap/<int:pk>/tra-loi/<int:addressee_pk>/",
        views.request_answer,
        name="request_answer",
    ),
    path("trao-doi/hoi-dap/<int:pk>/dong/", views.request_close, name="request_close"),
    path("trao-doi/hoat-dong/", views.activity_list, name="activity_list"),
    path("trao-doi/hoat-dong/moi/", views.activity_create, name="activity_create"),
    path("trao-doi/hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("trao-doi/hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity_edit"),
    path("trao-doi/hoat-dong/<int:pk>/dang-ky/", views.activity_register, name="activity_register"),
    path("trao-doi/hoat-dong/<int:pk>/khach/", views.activity_guest, name="activity_guest"),
    path("trao-doi/hoat-dong/<int:pk>/lich.ics", views.activity_ics, name="activity_ics"),
    path("trao-doi/lich/", views.activity_calendar, name="calendar"),
    path("trao-doi/lich.ics", views.calendar_ics, name="calendar_ics"),
]
