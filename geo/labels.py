"""Where district names go on the map: inside each district, and apart from each other.

The kecamatan names all show at once (a wall display cannot hover), so where three narrow
kecamatan sit side by side their names would overlap at the pole of inaccessibility of each.
Every district gets a few candidate spots, and a few greedy rounds pick, per district, the spot
whose label box overlaps the others' least (the pole wins ties).
"""

from __future__ import annotations

import numpy as np
import shapely
from shapely.ops import polylabel

LABEL_TOLERANCE_DEGREES = 0.0002  # ~20 m: finer than a label can tell
EM_DEGREES = 0.0045  # one line of 12-13 px text at the maps' city zoom (~11: about 2,900 px a degree)
CHARACTER_EMS = 0.6  # average width of a character of Open Sans Bold
CANDIDATE_ROWS = 9  # heights at which a candidate spot is tried
ROUNDS = 3


def largest_part(district):
    return max(shapely.get_parts(district), key=lambda part: part.area)


def pole_of_inaccessibility(district) -> shapely.Point:
    """The point deepest inside the district's largest part: the most room for a name, and inside
    even an L- or crescent-shaped district (a centroid may fall outside)."""
    return polylabel(largest_part(district), tolerance=LABEL_TOLERANCE_DEGREES)


def candidate_spots(district) -> list[shapely.Point]:
    """The pole first, then the middle of the widest stretch across the district at several
    heights: for a tall narrow district, spots above and below a crowded middle."""
    part = largest_part(district)
    spots = [polylabel(part, tolerance=LABEL_TOLERANCE_DEGREES)]
    min_x, min_y, max_x, max_y = part.bounds
    for lat in np.linspace(min_y, max_y, CANDIDATE_ROWS + 2)[1:-1]:
        across = shapely.get_parts(shapely.intersection(part, shapely.LineString([(min_x, lat), (max_x, lat)])))
        stretches = [line for line in across if line.geom_type == "LineString"]
        if stretches:
            spots.append(max(stretches, key=lambda line: line.length).interpolate(0.5, normalized=True))
    return spots


def label_box(spot: shapely.Point, name: str):
    """The area a name written at `spot` covers, roughly, at city zoom."""
    half_width, half_height = len(name) * CHARACTER_EMS * EM_DEGREES / 2, EM_DEGREES / 2
    return shapely.box(spot.x - half_width, spot.y - half_height, spot.x + half_width, spot.y + half_height)


def overlap(boxes: list) -> float:
    """Total area where label boxes overlap one another."""
    return float(shapely.area(boxes).sum() - shapely.union_all(boxes).area)


def spread_labels(districts, names: list[str]) -> list[shapely.Point]:
    """One label spot per district (same order), chosen so that names overlap as little as possible."""
    candidates = [candidate_spots(district) for district in districts]
    spots = [options[0] for options in candidates]
    boxes = [label_box(spot, name) for spot, name in zip(spots, names)]
    for _ in range(ROUNDS):
        for i, (options, name) in enumerate(zip(candidates, names)):
            others = shapely.union_all(boxes[:i] + boxes[i + 1:])
            covered = [shapely.intersection(label_box(spot, name), others).area for spot in options]
            best = int(np.argmin(np.round(covered, 12)))  # the first, the pole, on ties
            spots[i], boxes[i] = options[best], label_box(options[best], name)
    return spots
