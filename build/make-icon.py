#!/usr/bin/env python3
"""Render the PortClassification NuGet package icon (standard library only).

Design: a deep blue -> teal rounded tile holding a white network-socket
(RJ45-style jack) outline with four contacts, above a three-segment bar in
coral / amber / green for the IANA System, User and Dynamic port ranges.

Usage:
    python3 build/make-icon.py [OUTPUT.png] [--size N]

OUTPUT defaults to icon.png in the repository root; --size defaults to 256.
Shapes are described in a 256x256 design space, sampled on an SSxSS grid per
output pixel (supersampling) and box-averaged, so edges are anti-aliased at
any output size. Output is deterministic: same arguments, same bytes.
"""
import os
import struct
import sys
import zlib

SS = 4  # supersampling factor per axis (SS*SS samples per pixel)

# Palette (RGB).
TILE_TOP = (18, 52, 110)      # deep blue
TILE_BOTTOM = (10, 110, 130)  # teal
SOCKET = (255, 255, 255)      # socket rim
CAVITY = (7, 28, 56)          # inside of the socket
PIN = (255, 209, 102)         # gold contacts
RANGES = [                    # (relative width, colour) for the range bar
    (1.0, (255, 107, 107)),   # System   0-1023      coral
    (3.0, (255, 209, 102)),   # User     1024-49151  amber
    (2.0, (61, 220, 151)),    # Dynamic  49152-65535 green
]


def in_rrect(x, y, x0, y0, x1, y1, r):
    """True if (x, y) lies inside the rectangle [x0,x1]x[y0,y1] with corner radius r."""
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    dx = max(x0 + r - x, 0.0, x - (x1 - r))
    dy = max(y0 + r - y, 0.0, y - (y1 - r))
    return dx * dx + dy * dy <= r * r


def in_rrect4(x, y, x0, y0, x1, y1, rl, rr):
    """Rounded rectangle whose left corners use radius rl and right corners rr."""
    if x < x0 or x > x1 or y < y0 or y > y1:
        return False
    r = rl if x < (x0 + x1) / 2 else rr
    return in_rrect(x, y, x0, y0, x1, y1, r) if r else True


# --- Geometry (design space 0..256) -----------------------------------------
TILE = (8, 8, 248, 248, 52)

# Socket: a wide body with a narrower latch slot below it, drawn as a white
# silhouette and then an inset dark cavity, leaving a uniform white rim.
RIM = 16
BODY = (56, 40, 200, 138, 18)
SLOT = (90, 126, 166, 168, 12)


def inset(rect, d):
    x0, y0, x1, y1, r = rect
    return (x0 + d, y0 + d, x1 - d, y1 - d, max(r - d, 2))


BODY_IN = inset(BODY, RIM)
# The slot cavity reaches up into the body cavity so the opening is one piece.
SLOT_IN = (SLOT[0] + RIM, BODY_IN[3] - 12, SLOT[2] - RIM, SLOT[3] - RIM, 4)

# Four contacts hanging from the top of the cavity.
PINS = [(x, BODY_IN[1] - 1, x + 12, BODY_IN[1] + 30, 3)
        for x in (82, 107, 137, 162)]

# Range bar: three segments separated by gaps; only the outer ends are pill-round.
BAR_X0, BAR_X1, BAR_Y0, BAR_Y1, BAR_GAP = 40, 216, 188, 216, 8


def bar_segments():
    total = sum(w for w, _ in RANGES)
    usable = (BAR_X1 - BAR_X0) - BAR_GAP * (len(RANGES) - 1)
    rad = (BAR_Y1 - BAR_Y0) / 2
    segs, x = [], BAR_X0
    for i, (w, colour) in enumerate(RANGES):
        x1 = x + usable * w / total
        rl = rad if i == 0 else 4
        rr = rad if i == len(RANGES) - 1 else 4
        segs.append(((x, BAR_Y0, x1, BAR_Y1, rl, rr), colour))
        x = x1 + BAR_GAP
    return segs


SEGMENTS = bar_segments()


def sample(x, y):
    """Colour (r, g, b, a) of the icon at design-space point (x, y); a in {0, 1}."""
    if not in_rrect(x, y, *TILE):
        return (0, 0, 0, 0)
    for rect, colour in SEGMENTS:
        if in_rrect4(x, y, *rect):
            return colour + (1,)
    in_body = in_rrect(x, y, *BODY)
    if in_body or in_rrect(x, y, *SLOT):
        if in_rrect(x, y, *BODY_IN) or in_rrect(x, y, *SLOT_IN):
            for pin in PINS:
                if in_rrect(x, y, *pin):
                    return PIN + (1,)
            return CAVITY + (1,)
        return SOCKET + (1,)
    # Tile background: vertical gradient with a slight diagonal tilt.
    t = min(max((0.8 * y + 0.2 * x - 8) / 240, 0.0), 1.0)
    return tuple(a + (b - a) * t for a, b in zip(TILE_TOP, TILE_BOTTOM)) + (1,)


def render(size):
    """Return rows of RGBA bytes for a size x size image."""
    scale = 256.0 / size
    step = scale / SS
    offs = [(i + 0.5) * step for i in range(SS)]
    n = SS * SS
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0.0
            for oy in offs:
                y = py * scale + oy
                for ox in offs:
                    cr, cg, cb, ca = sample(px * scale + ox, y)
                    r += cr * ca
                    g += cg * ca
                    b += cb * ca
                    a += ca
            if a:  # un-premultiply the averaged colour
                row += bytes((round(r / a), round(g / a), round(b / a), round(255 * a / n)))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def write_png(path, rows, size):
    """Write 8-bit RGBA rows as a PNG (filter type 0 on every scanline)."""
    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    raw = b"".join(b"\0" + row for row in rows)
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(raw, 9))
           + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(png)


def main(argv):
    size = 256
    args = list(argv)
    if "--size" in args:
        i = args.index("--size")
        size = int(args[i + 1])
        del args[i:i + 2]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = args[0] if args else os.path.join(root, "icon.png")
    write_png(out, render(size), size)
    print(f"wrote {out} ({size}x{size})")


if __name__ == "__main__":
    main(sys.argv[1:])
