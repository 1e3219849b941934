"""Pillow-drawn stand-ins for product photographs, for the demo catalog and tests."""

import io
import math

from PIL import Image, ImageDraw

BACKGROUNDS = [(244, 236, 228), (232, 238, 240), (240, 232, 240), (236, 240, 230)]
# The metal as named: silver and white gold grey, gold and brass yellow, rose gold pink.
METALS = {
    "silver": (178, 182, 190),
    "white_gold": (205, 207, 212),
    "gold": (212, 175, 55),
    "brass": (181, 148, 66),
    "rose": (205, 140, 120),
}
# Each demo stone in its own colour.
STONES = {
    "garnet": (110, 14, 30),
    "amethyst": (120, 60, 160),
    "freshwater pearl": (240, 234, 220),
    "onyx": (25, 25, 28),
    "turquoise": (48, 190, 180),
    "cubic zirconia": (250, 250, 255),
}


def draw_piece(
    kind: str, *, metal: str = "silver", stone: str = "", variant: int = 0, size: int = 1280
) -> bytes:
    """A PNG of a simple piece of jewelry of `kind` (ring, necklace, earrings, bracelet) in
    `metal`, set with `stone` (a key of STONES; none when empty)."""
    background = BACKGROUNDS[variant % len(BACKGROUNDS)]
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)
    colour = METALS[metal]
    gem = STONES.get(stone)
    line = size // 40
    centre = size // 2
    if kind == "ring":
        radius = size // 4
        draw.ellipse(
            (centre - radius, centre - radius // 2, centre + radius, centre + radius),
            outline=colour,
            width=line * 2,
        )
        if gem:
            draw.ellipse(
                (
                    centre - line * 4,
                    centre - radius // 2 - line * 7,
                    centre + line * 4,
                    centre - radius // 2 + line,
                ),
                fill=gem,
                outline=colour,
                width=line // 2,
            )
    elif kind == "necklace":
        points = [
            (
                centre + int(size * 0.35 * math.cos(a / 20)),
                int(size * 0.1 + size * 0.5 * math.sin(a / 20)),
            )
            for a in range(0, 63)
        ]
        draw.line(points, fill=colour, width=line // 2)
        draw.regular_polygon((centre, int(size * 0.72), size // 12), 6, fill=colour)
        if gem:
            draw.ellipse(
                (
                    centre - size // 18,
                    int(size * 0.72) - size // 18,
                    centre + size // 18,
                    int(size * 0.72) + size // 18,
                ),
                fill=gem,
            )
    elif kind == "earrings":
        for offset in (-size // 6, size // 6):
            x = centre + offset
            draw.line((x, size // 4, x, size // 2), fill=colour, width=line // 2)
            draw.ellipse(
                (x - size // 14, size // 2, x + size // 14, size // 2 + size // 6), fill=colour
            )
            if gem:
                draw.ellipse(
                    (
                        x - size // 22,
                        size // 2 + size // 40,
                        x + size // 22,
                        size // 2 + size // 6 - size // 40,
                    ),
                    fill=gem,
                )
    else:
        draw.ellipse(
            (size // 6, size // 3, size - size // 6, size - size // 4),
            outline=colour,
            width=line * 3,
        )
        if gem:
            for x in (size // 3, centre, size - size // 3):
                draw.ellipse(
                    (x - line * 2, size // 3 - line, x + line * 2, size // 3 + line * 3), fill=gem
                )
    # A little shading so that the renditions are not trivially compressible.
    for step in range(variant % 3 + 1):
        inset = size // 10 + step * line
        draw.arc(
            (inset, inset, size - inset, size - inset),
            200,
            250,
            fill=(255, 255, 255),
            width=line // 3,
        )
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()
