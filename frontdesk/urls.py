from django.urls import path

from .views import evening, floor, orders, parties, reservations, waitlist

app_name = "frontdesk"

urlpatterns = [
    path("", floor.floor, name="floor"),
    path("v/<slug:slug>/", floor.floor, name="venue-floor"),
    path("v/<slug:slug>/live/", floor.live, name="live"),
    path("v/<slug:slug>/tables/<int:table_id>/", floor.table_dialog, name="table"),
    path("v/<slug:slug>/walk-ins/", parties.seat_walk_in, name="seat-walk-in"),
    path("v/<slug:slug>/reservations/", reservations.create_reservation, name="create-reservation"),
    path("v/<slug:slug>/reservations/new/", reservations.new_reservation_dialog, name="new-reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/", reservations.reservation_dialog, name="reservation"),
    path(
        "v/<slug:slug>/reservations/<int:reservation_id>/change/",
        reservations.change_reservation,
        name="change-reservation",
    ),
    path(
        "v/<slug:slug>/reservations/<int:reservation_id>/cancel/",
        reservations.cancel_reservation,
        name="cancel-reservation",
    ),
    path("v/<slug:slug>/reservations/<int:reservation_id>/seat/", reservations.seat_reservation, name="seat-reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/no-show/", reservations.mark_no_show, name="no-show"),
    path("v/<slug:slug>/parties/<int:party_id>/", evening.party_dialog, name="party"),
    path("v/<slug:slug>/parties/<int:party_id>/move/", parties.move_party, name="move"),
    path("v/<slug:slug>/parties/<int:party_id>/join/", parties.join_table, name="join"),
    path("v/<slug:slug>/parties/<int:party_id>/release/", parties.release_table, name="release"),
    path("v/<slug:slug>/parties/<int:party_id>/details/", parties.update_party, name="update"),
    path("v/<slug:slug>/parties/<int:party_id>/items/", orders.add_item, name="add-item"),
    path("v/<slug:slug>/parties/<int:party_id>/end/", parties.end_party, name="end"),
    path("v/<slug:slug>/parties/<int:party_id>/undo-end/", parties.undo_end_party, name="undo-end"),
    path("v/<slug:slug>/timeline/", evening.timeline, name="timeline"),
    path("v/<slug:slug>/day/", evening.day_reservations, name="day"),
    path("v/<slug:slug>/waitlist/", waitlist.waitlist, name="waitlist"),
    path("v/<slug:slug>/waitlist/new/", waitlist.new_entry_dialog, name="waitlist-new"),
    path("v/<slug:slug>/waitlist/add/", waitlist.add_entry, name="waitlist-add"),
    path("v/<slug:slug>/waitlist/<int:entry_id>/", waitlist.entry_dialog, name="waitlist-entry"),
    path("v/<slug:slug>/waitlist/<int:entry_id>/seat/", waitlist.seat_entry, name="waitlist-seat"),
    path("v/<slug:slug>/waitlist/<int:entry_id>/left/", waitlist.mark_left, name="waitlist-left"),
    path("v/<slug:slug>/waitlist/<int:entry_id>/remove/", waitlist.remove_entry, name="waitlist-remove"),
]
