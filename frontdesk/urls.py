from django.urls import path

from . import views

app_name = "frontdesk"

urlpatterns = [
    path("", views.floor, name="floor"),
    path("v/<slug:slug>/", views.floor, name="venue-floor"),
    path("v/<slug:slug>/live/", views.live, name="live"),
    path("v/<slug:slug>/tables/<int:table_id>/", views.table_dialog, name="table"),
    path("v/<slug:slug>/walk-ins/", views.seat_walk_in, name="seat-walk-in"),
    path("v/<slug:slug>/reservations/", views.create_reservation, name="create-reservation"),
    path("v/<slug:slug>/reservations/new/", views.new_reservation_dialog, name="new-reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/", views.reservation_dialog, name="reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/change/", views.change_reservation, name="change-reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/cancel/", views.cancel_reservation, name="cancel-reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/seat/", views.seat_reservation, name="seat-reservation"),
    path("v/<slug:slug>/reservations/<int:reservation_id>/no-show/", views.mark_no_show, name="no-show"),
    path("v/<slug:slug>/parties/<int:party_id>/move/", views.move_party, name="move"),
    path("v/<slug:slug>/parties/<int:party_id>/join/", views.join_table, name="join"),
    path("v/<slug:slug>/parties/<int:party_id>/release/", views.release_table, name="release"),
    path("v/<slug:slug>/parties/<int:party_id>/details/", views.update_party, name="update"),
    path("v/<slug:slug>/parties/<int:party_id>/items/", views.add_item, name="add-item"),
    path("v/<slug:slug>/parties/<int:party_id>/end/", views.end_party, name="end"),
    path("v/<slug:slug>/parties/<int:party_id>/undo-end/", views.undo_end_party, name="undo-end"),
]
