from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("admin/", admin.site.urls),
    path("epos/", include("posbackoffice.dojo.rest.urls")),
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
]
