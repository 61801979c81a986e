from django.urls import path

from opsroom.records import views

app_name = "records"

urlpatterns = [
    path("persons/", views.person_search, name="persons"),
    path("persons/duplicates/", views.duplicates, name="duplicates"),
    path("persons/<uuid:person_id>/", views.person_detail, name="person"),
    path("warrants/new/", views.new_warrant, name="new_warrant"),
    path("custody/", views.custody, name="custody"),
    path("custody/table", views.custody_table, name="custody_table"),
    path("custody/alert", views.custody_alert, name="custody_alert"),
    path("sentences/", views.sentences, name="sentences"),
    path("referrals/", views.referrals, name="referrals"),
]
