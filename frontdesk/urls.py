from django.urls import path

from .views import bills, floor, orders, parties, reservations

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
    path("v/<slug:slug>/parties/<int:party_id>/move/", parties.move_party, name="move"),
    path("v/<slug:slug>/parties/<int:party_id>/join/", parties.join_table, name="join"),
    path("v/<slug:slug>/parties/<int:party_id>/release/", parties.release_table, name="release"),
    path("v/<slug:slug>/parties/<int:party_id>/details/", parties.update_party, name="update"),
    path("v/<slug:slug>/parties/<int:party_id>/items/", orders.add_item, name="add-item"),
    path("v/<slug:slug>/parties/<int:party_id>/end/", parties.end_party, name="end"),
    path("v/<slug:slug>/parties/<int:party_id>/merge/", bills.merge_parties, name="merge"),
    path("v/<slug:slug>/unsettled/", bills.unsettled, name="unsettled"),
    path("v/<slug:slug>/orders/<int:order_id>/", bills.order_dialog, name="order"),
    path("v/<slug:slug>/orders/<int:order_id>/receipt/", bills.receipt, name="receipt"),
    path("v/<slug:slug>/orders/<int:order_id>/pay/", bills.take_payment, name="pay"),
    path("v/<slug:slug>/orders/<int:order_id>/split/", bills.split_equally, name="split"),
    path("v/<slug:slug>/orders/<int:order_id>/split-by-items/", bills.split_by_items, name="split-by-items"),
    path("v/<slug:slug>/orders/<int:order_id>/void/", bills.void_item, name="void"),
    path("v/<slug:slug>/orders/<int:order_id>/discount/", bills.discount, name="discount"),
    path("v/<slug:slug>/orders/<int:order_id>/write-off/", bills.write_off, name="write-off"),
    path("v/<slug:slug>/orders/<int:order_id>/move/", bills.move_order, name="move-order"),
    path("v/<slug:slug>/parties/<int:party_id>/undo-end/", parties.undo_end_party, name="undo-end"),
]
