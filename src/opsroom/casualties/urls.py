from django.urls import path

from opsroom.casualties import views

app_name = "casualties"

# The console's pages of civilian harm (the summary report's PDF is /reports/, in
# opsroom.urls, for a monitor's script as much as for a page).
urlpatterns = [
    path("", views.event_list, name="list"),
    path("new/", views.event_new, name="new"),
    path("review/", views.review_queue, name="review"),
    path("outages/", views.outage_log, name="outages"),
    path("sharing/", views.sharing, name="sharing"),
    path("<uuid:event_id>/", views.event_detail, name="event"),
]
