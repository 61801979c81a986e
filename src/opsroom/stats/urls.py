from django.urls import path

from opsroom.stats import views

app_name = "stats"

# The console's statistics pages (the weekly report's PDF is /reports/, in opsroom.urls).
urlpatterns = [
    path("", views.compstat_page, name="compstat"),
    path("response-times/", views.response_times_page, name="response_times"),
    path("reports/", views.reports_page, name="reports"),
    path("wall/", views.wall_page, name="wall"),
]
