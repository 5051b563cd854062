from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from frontdesk.forms import StaffLoginForm
from posbackoffice.kernel.admin import AdminLoginForm

admin.site.login_form = AdminLoginForm
handler400 = "posbackoffice.dojo.rest.exceptions.bad_request"

urlpatterns = [
    path("", include("posbackoffice.observability.urls")),
    path("admin/", admin.site.urls),
    path("epos/", include("posbackoffice.dojo.rest.urls")),
    path(
        "api/epos-openapi.json",
        SpectacularJSONAPIView.as_view(urlconf="posbackoffice.dojo.rest.urls"),
        name="epos-openapi",
    ),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=StaffLoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("frontdesk.urls")),
]
