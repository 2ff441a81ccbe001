from django.urls import path

from .views import activities, experience_requests, overview, policies, practices

app_name = "exchange"

urlpatterns = [
    path("trao-doi/", overview.index, name="index"),
    path("trao-doi/thuc-tien/", practices.practice_list, name="practice_list"),
    path("trao-doi/thuc-tien/moi/", practices.practice_create, name="practice_create"),
    path("trao-doi/thuc-tien/<int:pk>/", practices.practice_detail, name="practice_detail"),
    path("trao-doi/thuc-tien/<int:pk>/sua/", practices.practice_edit, name="practice_edit"),
    path("trao-doi/thuc-tien/<int:pk>/ap-dung/", practices.practice_adopt, name="practice_adopt"),
    path("trao-doi/ap-dung/<int:pk>/ket-qua/", practices.adoption_outcome, name="adoption_outcome"),
    path("trao-doi/tep/<int:pk>/", practices.attachment, name="attachment"),
    path("trao-doi/chinh-sach/", policies.policy_list, name="policy_list"),
    path("trao-doi/chinh-sach/moi/", policies.policy_create, name="policy_create"),
    path("trao-doi/chinh-sach/<int:pk>/", policies.policy_detail, name="policy_detail"),
    path("trao-doi/chinh-sach/<int:pk>/sua/", policies.policy_edit, name="policy_edit"),
    path("trao-doi/hoi-dap/", experience_requests.request_list, name="request_list"),
    path("trao-doi/hoi-dap/moi/", experience_requests.request_create, name="request_create"),
    path("trao-doi/hoi-dap/<int:pk>/", experience_requests.request_detail, name="request_detail"),
    path(
        "trao-doi/hoi-dap/<int:pk>/tra-loi/<int:addressee_pk>/",
        experience_requests.request_answer,
        name="request_answer",
    ),
    path(
        "trao-doi/hoi-dap/<int:pk>/dong/", experience_requests.request_close, name="request_close"
    ),
    path("trao-doi/hoat-dong/", activities.activity_list, name="activity_list"),
    path("trao-doi/hoat-dong/moi/", activities.activity_create, name="activity_create"),
    path("trao-doi/hoat-dong/<int:pk>/", activities.activity_detail, name="activity_detail"),
    path("trao-doi/hoat-dong/<int:pk>/sua/", activities.activity_edit, name="activity_edit"),
    path(
        "trao-doi/hoat-dong/<int:pk>/dang-ky/",
        activities.activity_register,
        name="activity_register",
    ),
    path("trao-doi/hoat-dong/<int:pk>/khach/", activities.activity_guest, name="activity_guest"),
    path("trao-doi/hoat-dong/<int:pk>/lich.ics", activities.activity_ics, name="activity_ics"),
    path("trao-doi/lich/", activities.activity_calendar, name="calendar"),
    path("trao-doi/lich.ics", activities.calendar_ics, name="calendar_ics"),
]
