"""Who may use the floor view, and on which venue."""
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from floorplan.models import Venue

from ..staff import staff_venues


def staff_only(view):
    """Like `login_required`, but a request from the floor page whose session has
    expired sends the whole page to the login form, not just the part being refreshed."""

    @wraps(view)
    def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.htmx:
            return HttpResponseClientRedirect(redirect_to_login(reverse("frontdesk:floor")).url)
        return redirect_to_login(request.get_full_path())

    return checked


def venue_of(request: HttpRequest, slug: str) -> Venue:
    """The venue of the URL, among those the user is on the staff of (404 otherwise)."""
    return get_object_or_404(staff_venues(user=request.user), slug=slug)
