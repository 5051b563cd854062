"""Factories for the domain models, shared by every test module."""
import datetime as dt

import factory
from django.utils import timezone

from bookings.models import Party, PartyTable, Reservation
from floorplan.models import Area, Table, Venue, Waiter


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Venue {n}")
    slug = factory.Sequence(lambda n: f"venue-{n}")
    timezone = "Europe/London"
    currency = "GBP"


class WaiterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Waiter

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Waiter {n}")
    initials = factory.Sequence(lambda n: f"W{n % 100}")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    venue = factory.SubFactory(VenueFactory)
    name = factory.Sequence(lambda n: f"Area {n}")
    display_order = factory.Sequence(lambda n: n)


class TableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Table

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"T{n}")
    max_covers = 4
    # Side by side on the area's plan, ten to a row: tables may not overlap.
    x = factory.LazyAttribute(lambda o: 10 * (o.slot % 10))
    y = factory.LazyAttribute(lambda o: 10 * (o.slot // 10))

    class Params:
        slot = factory.LazyAttribute(lambda o: o.area.tables.count())


class ReservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reservation
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    dojo_reservation_id = factory.Sequence(lambda n: f"dojo-res-{n}")
    name = factory.Sequence(lambda n: f"Guest {n}")
    covers = 2
    start_time = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + dt.timedelta(hours=2))
    end_time = factory.LazyAttribute(lambda o: o.start_time + dt.timedelta(hours=2))

    @factory.post_generation
    def tables(self, create, extracted, **kwargs):
        if create and extracted:
            self.tables.set(extracted)


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        skip_postgeneration_save = True

    venue = factory.SubFactory(VenueFactory)
    dojo_party_id = factory.Sequence(lambda n: f"dojo-party-{n}")
    name = factory.Sequence(lambda n: f"Party {n}")
    covers = 2
    start_time = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0))

    @factory.post_generation
    def tables(self, create, extracted, **kwargs):
        if create and extracted:
            for table in extracted:
                PartyTable.objects.create(party=self, table=table, is_active=self.end_time is None)
