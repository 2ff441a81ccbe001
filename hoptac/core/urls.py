from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dia-phuong/", views.locality_list, name="locality_list"),
    path("co-quan/", views.organisation_list, name="organisation_list"),
    path("co-quan/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("co-quan/<int:pk>/sua/", views.organisation_edit, name="organisation_edit"),
    path("tai-khoan/", views.profile, name="profile"),
    path("thong-bao/", views.notifications, name="notifications"),
]
