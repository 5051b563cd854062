"""Where tables lie on the plan and when two overlap: turned rectangles, circles, touching edges."""
import pytest

from floorplan.geometry import Footprint, extent, fits_within, overlap

# Cases shared with the editor's script (tests/frontdesk/browser/test_layout_editor_browser.py
# runs them through static/floorplan/geometry.js): (a, b, overlap?).
OVERLAP_CASES = [
    pytest.param(Footprint(0, 0, 10, 10), Footprint(10, 0, 10, 10), False, id="edges-touching"),
    pytest.param(Footprint(0, 0, 10, 10), Footprint(9, 9, 10, 10), True, id="corners-crossing"),
    pytest.param(Footprint(0, 0, 10, 10), Footprint(2, 2, 4, 4), True, id="one-inside-the-other"),
    # A 10 × 10 square turned 45° reaches 7.07 from its centre, not 5: it meets a neighbour 1 cell away...
    pytest.param(Footprint(0, 0, 10, 10, 45), Footprint(11, 0, 10, 10), True, id="turned-corner-reaches"),
    # ...but not one 3 cells away.
    pytest.param(Footprint(0, 0, 10, 10, 45), Footprint(13, 0, 10, 10), False, id="turned-corner-falls-short"),
    # Two long tables crossing like an X, their bounding boxes far bigger than either.
    pytest.param(Footprint(0, 20, 40, 4, 45), Footprint(0, 20, 40, 4, 135), True, id="crossing-diagonals"),
    # Side by side diagonals: their upright boxes overlap, the tables do not.
    pytest.param(Footprint(0, 20, 40, 4, 45), Footprint(10, 20, 40, 4, 45), False, id="parallel-diagonals"),
    pytest.param(Footprint(0, 0, 10, 10, round=True), Footprint(10, 0, 10, 10, round=True), False, id="circles-touching"),
    pytest.param(Footprint(0, 0, 10, 10, round=True), Footprint(9, 0, 10, 10, round=True), True, id="circles-meeting"),
    # Diagonal neighbours: squares' corners would meet, circles' do not.
    pytest.param(Footprint(0, 0, 10, 10, round=True), Footprint(9, 9, 10, 10, round=True), False, id="circles-diagonal"),
    pytest.param(Footprint(0, 0, 10, 10), Footprint(9, 9, 10, 10, round=True), False, id="square-and-circle-diagonal"),
    pytest.param(Footprint(0, 0, 10, 10), Footprint(8, 2, 10, 10, round=True), True, id="square-and-circle-meeting"),
    pytest.param(Footprint(0, 0, 4, 4), Footprint(-10, -10, 30, 30, round=True), True, id="square-inside-a-circle"),
    # An oval counts as its whole rectangle: corners that the oval itself would miss still count.
    pytest.param(Footprint(0, 0, 20, 10, round=True), Footprint(19, 9, 5, 5), True, id="oval-as-its-rectangle"),
]


@pytest.mark.parametrize("a, b, expected", OVERLAP_CASES)
def test_overlap(a, b, expected):
    assert overlap(a, b) is expected
    assert overlap(b, a) is expected


@pytest.mark.parametrize(
    "footprint, fits",
    [
        (Footprint(0, 0, 100, 60), True),
        (Footprint(90, 50, 10, 10), True),
        (Footprint(91, 0, 10, 10), False),
        (Footprint(0, 0, 10, 10, 45), False),  # turned, its corners pass the top left
        (Footprint(0, 0, 10, 10, 45, round=True), True),  # a circle turns in place
        (Footprint(3, 3, 10, 10, 45), True),
        (Footprint(40, 10, 60, 4, 90), False),  # on its end, 60 cells deep from y = -18
    ],
)
def test_fits_within_a_plan_of_100_by_60(footprint, fits):
    assert fits_within(footprint, width=100, height=60) is fits


def test_extent_holds_every_footprint_turned_as_it_is():
    footprints = [Footprint(0, 0, 10, 10), Footprint(56, 28, 9, 9, 45)]

    assert extent(footprints) == (67, 39)
    assert extent([]) == (1, 1)
