"""Parsing what staff submit into the typed arguments of the booking services, and the
staff login form.

Forms only read input (numbers, IDs, times of day at the venue); every rule about what is
allowed is the service layer's.
"""
import datetime as dt
import zoneinfo

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from bookings.clock import end_after
from bookings.models import Party
from floorplan.models import Table, Venue, Waiter
from orders.models import Product, ProductModifier
from posbackoffice.kernel.errors import InvalidInput
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


class TimeOfDayField(forms.TimeField):
    """A time at the venue as staff type it, always on the 24-hour clock: "19:30", "1930",
    "19.30" or "19"."""

    input_formats = ["%H:%M", "%H%M", "%H.%M", "%H"]
    default_error_messages = {"invalid": "Enter a time on the 24-hour clock, such as 19:30."}


def _ending(start: dt.datetime, time: dt.time, zone: zoneinfo.ZoneInfo, since: str) -> dt.datetime:
    try:
        return end_after(start, time, zone=zone, since=since)
    except InvalidInput as exc:
        raise forms.ValidationError(str(exc))


class Confirming(forms.Form):
    """An action staff may be asked about first; `confirmed` is their answer."""

    confirmed = forms.BooleanField(required=False)


class WalkInForm(Confirming):
    covers = forms.IntegerField()
    name = forms.CharField(required=False, max_length=200)
    table_ids = IdListField()


class SeatReservationForm(Confirming):
    table_ids = IdListField(required=False)


class MoveForm(Confirming):
    table_ids = IdListField()


class TableForm(Confirming):
    table_id = forms.IntegerField()


class PartyDetailsForm(Confirming):
    covers = forms.IntegerField(required=False)
    status = forms.CharField(max_length=100)
    expected_end = TimeOfDayField(required=False)
    host_notes = forms.CharField(required=False, max_length=5000)
    waiter = forms.ModelChoiceField(
        queryset=Waiter.objects.none(), required=False, error_messages={"invalid_choice": "Pick one of this venue's waiters."}
    )

    def __init__(self, *args, venue: Venue, party: Party, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(venue.timezone)
        self.party = party
        self.fields["waiter"].queryset = Waiter.objects.filter(venue=venue, is_active=True)

    def clean_expected_end(self) -> dt.datetime | None:
        """A time of day at the venue, on the day of the party's seating, or after midnight
        for a late party (seated at 23:00, leaving at 01:00)."""
        time = self.cleaned_data["expected_end"]
        if time is None:
            return None
        return _ending(self.party.start_time, time, self.zone, since="the seating")


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


class BookingForm(Confirming):
    """A reservation taken or changed at the venue: a day and times at the venue, and the
    guest's requests as they gave them (allergies, diet)."""

    name = forms.CharField(max_length=200)
    covers = forms.IntegerField()
    date = forms.DateField()
    start = TimeOfDayField()
    end = TimeOfDayField()
    table_ids = IdListField()
    host_notes = forms.CharField(required=False, max_length=5000)
    guest_requests = forms.CharField(required=False, max_length=5000)

    def __init__(self, *args, venue: Venue, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zoneinfo.ZoneInfo(venue.timezone)

    def clean(self):
        data = super().clean()
        if {"date", "start", "end"} <= data.keys():
            data["start_time"] = dt.datetime.combine(data["date"], data["start"], tzinfo=self.zone)
            try:
                data["end_time"] = _ending(data["start_time"], data["end"], self.zone, since="the start")
            except forms.ValidationError as error:
                self.add_error("end", error)
        return data

    def booking(self) -> dict:
        """The booking as the services take it."""
        data = self.cleaned_data
        fields = ("name", "covers", "start_time", "end_time", "table_ids", "host_notes", "guest_requests", "confirmed")
        return {field: data[field] for field in fields}


class WaitlistForm(forms.Form):
    """A walk-in group put on the waitlist."""

    name = forms.CharField(max_length=200)
    covers = forms.IntegerField()
    phone = forms.CharField(required=False, max_length=40)
    notes = forms.CharField(required=False, max_length=5000)
    quoted_minutes = forms.IntegerField(required=False)


class WaitlistSeatForm(Confirming):
    table_ids = IdListField()
