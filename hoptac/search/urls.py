from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("tim-kiem/", views.page, name="page"),
    path("tim-kiem/goi-y/", views.suggestions, name="suggestions"),
]
