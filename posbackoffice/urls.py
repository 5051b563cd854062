from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularJSONAPIView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("epos/", include("posbackoffice.dojo.rest.urls")),
    path(
        "api/epos-openapi.json",
        SpectacularJSONAPIView.as_view(urlconf="posbackoffice.dojo.rest.urls"),
        name="epos-openapi",
    ),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
