from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from opsroom.api import api
from opsroom.casualties import views as casualties_views
from opsroom.console.login import admin_sign_in
from opsroom.core import views as core_views
from opsroom.stats import views as stats_views

admin.site.site_header = _("opsroom administration")
admin.site.site_title = _("opsroom administration")
admin.site.index_title = _("Agencies, users, incident types and units")
# One sign-in for everything: the admin's own login page (no back-off, no audit, no second
# factor) sends to the console's.
admin.site.login = admin_sign_in  # type: ignore[method-assign]

urlpatterns = [
    # Browsers ask for /favicon.ico on pages that name none (error pages, the admin).
    path("favicon.ico", RedirectView.as_view(url=static("opsroom/favicon.svg"), permanent=True)),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("records/", include("opsroom.records.urls")),
    path("campaigns/", include("opsroom.campaigns.urls")),
    path("civilians/", include("opsroom.casualties.urls")),
    path("reports/civilian-harm.pdf", casualties_views.report_pdf, name="civilian_harm_pdf"),
    path("reports/compstat.pdf", stats_views.report_pdf, name="compstat_pdf"),
    path("stats/", include("opsroom.stats.urls")),
    path("public/", include("opsroom.campaigns.public_urls")),
    path("", include("opsroom.console.urls")),
]
