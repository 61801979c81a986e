from django.contrib import admin
from django.urls import include, path

from opsroom.api import api
from opsroom.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("opsroom.console.urls")),
]
