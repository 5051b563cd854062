"""Parsing what staff submit into the typed arguments of the booking services, and the
staff login form.

Forms only read input (numbers, IDs, times); every rule about what is allowed is the
service layer's.
"""
import datetime as dt
import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from bookings.models import Party
from floorplan.models import Table, Venue
from orders.models import Product, ProductModifier
from posbackoffice.kernel.throttle import ThrottledLoginFormMixin


class StaffLoginForm(ThrottledLoginFormMixin, AuthenticationForm):
    """The login of the staff screens (/login/), refusing locked-out usernames and addresses."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That username and password do not match. Try again.",
    }


class IdListField(forms.Field):
    """Every value of a repeated field (checkboxes), as integers."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError("Pick tables from the plan.")


class Acknowledging(forms.Form):
    acknowledge_reservations = forms.BooleanField(required=False)


class WalkInForm(Acknowledging):
    covers = forms.IntegerField()
    name = forms.CharField(required=False, max_length=200)
    table_ids = IdListField()


class SeatReservationForm(Acknowledging):
    table_ids = IdListField(required=False)


class MoveForm(Acknowledging):
    table_ids = IdListField()


class TableForm(Acknowledging):
    table_id = forms.IntegerField()


class PartyDetailsForm(forms.Form):
    covers = forms.IntegerField(required=False)
    status = forms.CharField(max_length=100)
    expected_end = forms.TimeField(required=False)
    host_notes = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, venue: Venue, party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(venue.timezone)
        self.party = party

    def clean_expected_end(self) -> dt.datetime | None:
        """A time of day at the venue, on the day of the party's seating, or the day after
        for a time earlier than the seating (a party seated at 23:00 leaving at 01:00)."""
        time = self.cleaned_data["expected_end"]
        if time is None:
            return None
        start = self.party.start_time.astimezone(self.zone)
        end = dt.datetime.combine(start.date(), time, tzinfo=self.zone)
        return end if end > start else end + dt.timedelta(days=1)


class AddItemForm(forms.Form):
    """A product of the venue's catalogue, how many, and some of its modifiers; `table_id`
    says whose dialog to show again. Products and modifiers of other venues cannot be named."""

    product = forms.ModelChoiceField(queryset=Product.objects.none(), error_messages={"invalid_choice": "Pick an item of this venue's menu."})
    quantity = forms.IntegerField()
    modifiers = forms.ModelMultipleChoiceField(
        queryset=ProductModifier.objects.none(), required=False,
        error_messages={"invalid_choice": "Pick modifiers of this venue's menu."},
    )
    table = forms.ModelChoiceField(queryset=Table.objects.none())

    def __init__(self, *args, venue: Venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["table"].queryset = Table.objects.filter(venue=venue)
        self.fields["product"].queryset = Product.objects.filter(venue=venue)
        self.fields["modifiers"].queryset = ProductModifier.objects.filter(product__venue=venue)


def form_errors(form: forms.Form) -> str:
    """One line naming each field that could not be read."""
    return " ".join(f"{name.replace('_', ' ')}: {' '.join(errors)}" for name, errors in form.errors.items())


class BookingForm(forms.Form):
    """A reservation taken or changed at the venue: a day and times at the venue."""

    name = forms.CharField(max_length=200)
    covers = forms.IntegerField()
    date = forms.DateField()
    start = forms.TimeField()
    end = forms.TimeField()
    table_ids = IdListField()
    host_notes = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, venue: Venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(venue.timezone)

    def booking(self) -> dict:
        """The booking as the services take it; an end earlier than the start is the next day."""
        data = self.cleaned_data
        start = dt.datetime.combine(data["date"], data["start"], tzinfo=self.zone)
        end = dt.datetime.combine(data["date"], data["end"], tzinfo=self.zone)
        return {
            "name": data["name"],
            "covers": data["covers"],
            "start_time": start,
            "end_time": end if end > start else end + dt.timedelta(days=1),
            "table_ids": data["table_ids"],
            "host_notes": data["host_notes"],
        }
