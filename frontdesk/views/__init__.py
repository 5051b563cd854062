"""The live floor view: a thin adapter over the booking and order services and selectors.

- `floor`: reading the floor (the page, its live part, a table's dialog);
- `parties`: what staff do with a party (seat a walk-in, move, join, release, change,
  end and undo);
- `reservations`: a reservation's dialogs and actions (book, change, cancel, seat, no-show);
- `orders`: adding items to a party's order;
- `access` and `answers`: what every view shares: the staff-only venue a request works on,
  and how an action's outcome is answered.

Every view reaches its venue through `access.venue_of`, so a user only ever sees the venues
they are on the staff of. Reads go through the selectors, each action calls one service;
the domain errors services raise come back as messages shown in place and the floor
refreshes.
"""
