from django.urls import path

from opsroom.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<uuid:campaign_id>/", views.campaign_detail, name="detail"),
    path("handover/", views.handover_form, name="handover"),
    path("receipts/verify/", views.receipt_check, name="verify"),
    path("operations/", views.operations_board, name="operations"),
    path("operations/<uuid:operation_id>/", views.operation_detail, name="operation"),
    path("courses/", views.courses, name="courses"),
]
