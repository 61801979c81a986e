from django.contrib.auth import views as auth_views
from django.urls import path

from opsroom.console import login, stream, views
from opsroom.console.login import ConsoleLoginView

app_name = "console"

urlpatterns = [
    path("login/", ConsoleLoginView.as_view(), name="login"),
    path("login/2fa/", login.second_factor, name="second_factor"),
    path("login/confirm/", login.confirm, name="confirm"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.set_language, name="set_language"),
    path("digits/", views.set_digits, name="set_digits"),
    path("", views.board, name="board"),
    path("wall/", views.wall, name="wall"),
    path("units/", views.units, name="units"),
    path("unit/", views.field, name="field"),
    path("new/", views.new_incident, name="new_incident"),
    path("places/", views.place_search, name="place_search"),
    path("map/base.geojson", views.basemap, name="basemap"),
    path("map/roads.geojson", views.roads_map, name="roads_map"),
    path("stream", stream.console_stream, name="stream"),
    path("audit/", views.audit_reports, name="audit"),
    path("sites/", views.sites, name="sites"),
    path("sites/table", views.sites_table, name="sites_table"),
    path("sites/alert", views.sites_alert, name="sites_alert"),
    path("sites/refused/", views.refused, name="refused"),
    path("sites/refused/<int:refused_id>/settle", views.settle_refused, name="settle_refused"),
    path("incidents/<uuid:incident_id>/", views.incident_detail, name="incident"),
    path("incidents/<uuid:incident_id>/panel", views.incident_panel, name="panel"),
]
