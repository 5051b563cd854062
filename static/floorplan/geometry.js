// Where a table or a piece of decor lies on the plan, and whether two tables overlap: the
// same geometry as floorplan/geometry.py, so that the editor refuses a drop on the spot that
// the server would refuse on saving. A footprint is the box of width × height cells from
// (x, y), turned by `rotation` degrees clockwise about its centre; a round footprint with
// equal sides is a circle, anything else counts as its whole turned rectangle. Edges may touch.
(function () {
  "use strict";

  const TOLERANCE = 1e-6;

  function turn(degrees) {
    const radians = degrees * Math.PI / 180;
    return [Math.cos(radians), Math.sin(radians)];
  }

  function centre(f) {
    return [f.x + f.width / 2, f.y + f.height / 2];
  }

  function isCircle(f) {
    return Boolean(f.round) && f.width === f.height;
  }

  // The turned rectangle's corners, clockwise from the top left one.
  function corners(f) {
    const [cx, cy] = centre(f);
    const [cos, sin] = turn(f.rotation || 0);
    const w = f.width / 2, h = f.height / 2;
    return [[-w, -h], [w, -h], [w, h], [-w, h]].map(([dx, dy]) => [cx + dx * cos - dy * sin, cy + dx * sin + dy * cos]);
  }

  // The smallest upright box holding the footprint.
  function bounds(f) {
    if (isCircle(f)) return { left: f.x, top: f.y, right: f.x + f.width, bottom: f.y + f.height };
    const points = corners(f);
    const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
    return { left: Math.min(...xs), top: Math.min(...ys), right: Math.max(...xs), bottom: Math.max(...ys) };
  }

  function fitsWithin(f, width, height) {
    const b = bounds(f);
    return b.left > -TOLERANCE && b.top > -TOLERANCE && b.right < width + TOLERANCE && b.bottom < height + TOLERANCE;
  }

  function axes(f) {
    const [cos, sin] = turn(f.rotation || 0);
    return [[cos, sin], [-sin, cos]];
  }

  function projection(f, axis) {
    const points = corners(f).map(([x, y]) => x * axis[0] + y * axis[1]);
    return [Math.min(...points), Math.max(...points)];
  }

  // Separating axis test: two convex shapes are apart if some edge's normal separates them.
  function projectionsOverlap(a, b, axis) {
    const [aLow, aHigh] = projection(a, axis);
    const [bLow, bHigh] = projection(b, axis);
    return Math.min(aHigh, bHigh) - Math.max(aLow, bLow) > TOLERANCE;
  }

  // The circle's centre, seen from the box's own (unturned) frame, against the box's nearest point.
  function circleMeetsBox(circle, box) {
    const [cx, cy] = centre(circle), [bx, by] = centre(box);
    const [cos, sin] = turn(box.rotation || 0);
    const localX = (cx - bx) * cos + (cy - by) * sin;
    const localY = -(cx - bx) * sin + (cy - by) * cos;
    const nearestX = Math.max(-box.width / 2, Math.min(box.width / 2, localX));
    const nearestY = Math.max(-box.height / 2, Math.min(box.height / 2, localY));
    return Math.hypot(localX - nearestX, localY - nearestY) < circle.width / 2 - TOLERANCE;
  }

  function overlap(a, b) {
    if (isCircle(a) && isCircle(b)) {
      const [ax, ay] = centre(a), [bx, by] = centre(b);
      return Math.hypot(ax - bx, ay - by) < (a.width + b.width) / 2 - TOLERANCE;
    }
    if (isCircle(a)) return circleMeetsBox(a, b);
    if (isCircle(b)) return circleMeetsBox(b, a);
    return [...axes(a), ...axes(b)].every((axis) => projectionsOverlap(a, b, axis));
  }

  // A point turned by `degrees` about the origin.
  function rotate([x, y], degrees) {
    const [cos, sin] = turn(degrees);
    return [x * cos - y * sin, x * sin + y * cos];
  }

  window.FloorEditor = window.FloorEditor || {};
  window.FloorEditor.geometry = { bounds, centre, corners, fitsWithin, overlap, rotate };
})();
