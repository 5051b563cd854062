"""The bookings' admin: managers look at reservations, parties, the waitlist and change records, never edit."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Party, Reservation, WaitlistEntry
from posbackoffice.kernel.models import ChangeRecord

from ..factories import AreaFactory, PartyFactory, ReservationFactory, TableFactory


@pytest.mark.parametrize("model", [Reservation, Party, WaitlistEntry, ChangeRecord])
def test_booking_admin_is_view_only(admin_client, venue, model):
    table = TableFactory(area=AreaFactory(venue=venue))
    objects = {
        Reservation: lambda: ReservationFactory(venue=venue, tables=[table]),
        Party: lambda: PartyFactory(venue=venue, tables=[table]),
        WaitlistEntry: lambda: WaitlistEntry.objects.create(
            venue=venue, name="Rivera", covers=2, added_at=timezone.now() - dt.timedelta(minutes=5)
        ),
        ChangeRecord: lambda: ChangeRecord.objects.create(
            venue=venue, entity="party", entity_id=1, action="created", source="staff"
        ),
    }
    obj = objects[model]()
    names = (model._meta.app_label, model._meta.model_name)

    listing = admin_client.get(reverse("admin:%s_%s_changelist" % names))
    detail = admin_client.get(reverse("admin:%s_%s_change" % names, args=[obj.pk]))
    add = admin_client.get(reverse("admin:%s_%s_add" % names))
    change = admin_client.post(reverse("admin:%s_%s_change" % names, args=[obj.pk]), {"name": "Edited"})
    delete = admin_client.post(reverse("admin:%s_%s_delete" % names, args=[obj.pk]), {"post": "yes"})

    assert listing.context["cl"].result_count == 1
    assert detail.status_code == 200
    assert (add.status_code, change.status_code, delete.status_code) == (403, 403, 403)
    assert model.objects.filter(pk=obj.pk).exists()


def test_booking_admin_lists_and_searches(admin_client, venue):
    table = TableFactory(area=AreaFactory(venue=venue), name="12")
    ReservationFactory(venue=venue, name="Okafor", tables=[table])
    PartyFactory(venue=venue, name="Okafor", tables=[table])
    ChangeRecord.objects.create(venue=venue, entity="party", entity_id=42, action="created", source="staff")

    reservations = admin_client.get(reverse("admin:bookings_reservation_changelist"), {"q": "okafor"})
    seated = admin_client.get(reverse("admin:bookings_party_changelist"), {"seated": "yes"})
    records = admin_client.get(reverse("admin:kernel_changerecord_changelist"), {"q": "42"})
    records_by_text = admin_client.get(reverse("admin:kernel_changerecord_changelist"), {"q": "okafor"})

    assert reservations.context["cl"].result_count == 1
    assert "<td class=\"field-table_list\">12</td>" in seated.content.decode()
    assert records.context["cl"].result_count == 1
    assert records_by_text.context["cl"].result_count == 0
