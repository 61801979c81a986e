from django.urls import path

from opsroom.campaigns import public

app_name = "public"

urlpatterns = [
    path("campaigns/<uuid:campaign_id>", public.public_campaign, name="campaign"),
]
