"""Where a table or a piece of decor lies on its area's plan, and whether two tables overlap.

A footprint is drawn as the floor view draws a table: the box of `width` × `height` cells
whose top left corner is at (`x`, `y`), turned by `rotation` degrees clockwise about its
centre. A round footprint with equal sides is a circle; any other footprint, an oval table
included, counts as its whole turned rectangle, which may refuse two ovals that would just
miss each other at the corners but never lets two tables overlap.

Edges may touch: two tables overlap only when they share some area, and a footprint lies on
the plan when no part of it passes the plan's edges. `static/floorplan/geometry.js` is the
same geometry for the editor, which checks a drop before the server does.
"""
import math
from dataclasses import dataclass

# Rotations turn integer cells into irrational ones: a hair's breadth is not an overlap.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class Footprint:
    x: float
    y: float
    width: float
    height: float
    rotation: float = 0
    round: bool = False

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.width / 2, self.y + self.height / 2

    @property
    def is_circle(self) -> bool:
        return self.round and self.width == self.height

    def corners(self) -> list[tuple[float, float]]:
        """The turned rectangle's corners, clockwise from the top left one."""
        cx, cy = self.centre
        cos, sin = _turn(self.rotation)
        half_w, half_h = self.width / 2, self.height / 2
        return [
            (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
            for dx, dy in ((-half_w, -half_h), (half_w, -half_h), (half_w, half_h), (-half_w, half_h))
        ]

    def bounds(self) -> tuple[float, float, float, float]:
        """The smallest upright box holding the footprint: (left, top, right, bottom)."""
        if self.is_circle:
            return self.x, self.y, self.x + self.width, self.y + self.height
        xs, ys = zip(*self.corners())
        return min(xs), min(ys), max(xs), max(ys)


def _turn(degrees: float) -> tuple[float, float]:
    radians = math.radians(degrees)
    return math.cos(radians), math.sin(radians)


def fits_within(footprint: Footprint, *, width: float, height: float) -> bool:
    """Whether no part of the footprint passes the edges of a plan of width × height cells."""
    left, top, right, bottom = footprint.bounds()
    return left > -TOLERANCE and top > -TOLERANCE and right < width + TOLERANCE and bottom < height + TOLERANCE


def overlap(a: Footprint, b: Footprint) -> bool:
    """Whether the two footprints share some area (touching edges do not count)."""
    if a.is_circle and b.is_circle:
        (ax, ay), (bx, by) = a.centre, b.centre
        return math.hypot(ax - bx, ay - by) < (a.width + b.width) / 2 - TOLERANCE
    if a.is_circle or b.is_circle:
        circle, box = (a, b) if a.is_circle else (b, a)
        return _circle_meets_box(circle, box)
    return all(_projections_overlap(a, b, axis) for axis in (*_axes(a), *_axes(b)))


def _axes(footprint: Footprint) -> tuple[tuple[float, float], tuple[float, float]]:
    cos, sin = _turn(footprint.rotation)
    return (cos, sin), (-sin, cos)


def _projections_overlap(a: Footprint, b: Footprint, axis: tuple[float, float]) -> bool:
    """Separating axis test: two convex shapes are apart if some edge's normal separates them."""
    a_low, a_high = _projection(a, axis)
    b_low, b_high = _projection(b, axis)
    return min(a_high, b_high) - max(a_low, b_low) > TOLERANCE


def _projection(footprint: Footprint, axis: tuple[float, float]) -> tuple[float, float]:
    points = [x * axis[0] + y * axis[1] for x, y in footprint.corners()]
    return min(points), max(points)


def _circle_meets_box(circle: Footprint, box: Footprint) -> bool:
    """The circle's centre, seen from the box's own (unturned) frame, against the nearest
    point of the box."""
    (cx, cy), (bx, by) = circle.centre, box.centre
    cos, sin = _turn(box.rotation)
    local_x = (cx - bx) * cos + (cy - by) * sin
    local_y = -(cx - bx) * sin + (cy - by) * cos
    nearest_x = max(-box.width / 2, min(box.width / 2, local_x))
    nearest_y = max(-box.height / 2, min(box.height / 2, local_y))
    return math.hypot(local_x - nearest_x, local_y - nearest_y) < circle.width / 2 - TOLERANCE


def extent(footprints: list[Footprint]) -> tuple[int, int]:
    """The smallest plan, in whole cells, that holds every footprint: (width, height)."""
    rights, bottoms = [0.0], [0.0]
    for footprint in footprints:
        _, _, right, bottom = footprint.bounds()
        rights.append(right)
        bottoms.append(bottom)
    return max(1, math.ceil(max(rights) - TOLERANCE)), max(1, math.ceil(max(bottoms) - TOLERANCE))
