"""Real, deterministic, small images for the replica: PNG and baseline JPEG from the stdlib.

Every upload gets a picture of its own (a sky, a sun, a horizon and a dark hull, coloured from
a hash of the file name), drawn the same at every size, so a missing or wrong image shows in a
screenshot. The JPEG encoder writes one colour per 16x16 block (4:2:0) under a film grain of
random AC coefficients in the luma, so that a picture weighs what a news photo does (about 0.12
bytes a pixel, JPEG quality 80 or so: a 1200x675 picture is about 100 KB). The weight matters:
what an unchanged re-crawl stores (revisit records of about 1.2 KB an exchange) is judged against
a first crawl of pages and pictures of real size.
"""

from __future__ import annotations

import colorsys
import hashlib
import random
import re
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

RGB = tuple[int, int, int]
# A picture in unit coordinates: (x, y) in [0, 1) -> colour.
Painter = Callable[[float, float], RGB]

FULL_SIZE = (1200, 675)  # FeaturedImage's default size: what an unsized upload path holds
_SIZED = re.compile(r"^(?P<stem>.+)-(?P<w>\d{1,4})x(?P<h>\d{1,4})$")


def split_size(path: str) -> tuple[str, tuple[int, int] | None]:
    """``/a/b-300x169.jpg`` -> (``/a/b``, (300, 169)); an unsized path -> (stem, None)."""
    stem = path.rsplit(".", 1)[0]
    match = _SIZED.match(stem)
    if match is None:
        return stem, None
    width, height = int(match.group("w")), int(match.group("h"))
    if not (1 <= width <= 4000 and 1 <= height <= 4000):
        return stem, None
    return match.group("stem"), (width, height)


# --- pictures ------------------------------------------------------------------------------------


def _hsv(h: float, s: float, v: float) -> RGB:
    r, g, b = colorsys.hsv_to_rgb(h % 1.0, s, v)
    return round(r * 255), round(g * 255), round(b * 255)


@dataclass(frozen=True)
class Scene:
    """A landscape: vertical sky gradient, a sun, the horizon, a dark hull on the water."""

    sky_top: RGB
    sky_bottom: RGB
    sun: RGB
    sea: RGB
    hull: RGB
    horizon: float
    sun_x: float
    sun_y: float
    sun_r: float
    hull_x0: float
    hull_x1: float
    aspect: float  # width / height, so that the sun stays round

    @classmethod
    def for_name(cls, name: str, aspect: float) -> Scene:
        d = hashlib.sha256(name.encode("utf-8")).digest()
        hue = d[0] / 256
        return cls(
            sky_top=_hsv(hue, 0.65, 0.55),
            sky_bottom=_hsv(hue + 0.08, 0.35, 0.95),
            sun=_hsv(hue + 0.5, 0.75, 1.0),
            sea=_hsv(hue + 0.55, 0.7, 0.45),
            hull=(24, 24, 32),
            horizon=0.58 + d[1] / 256 * 0.12,
            sun_x=0.15 + d[2] / 256 * 0.7,
            sun_y=0.18 + d[3] / 256 * 0.2,
            sun_r=0.10 + d[4] / 256 * 0.06,
            hull_x0=0.1 + d[5] / 256 * 0.45,
            hull_x1=0.1 + d[5] / 256 * 0.45 + 0.2 + d[6] / 256 * 0.15,
            aspect=aspect,
        )

    def __call__(self, x: float, y: float) -> RGB:
        h = self.horizon
        if y < h:
            dx = (x - self.sun_x) * self.aspect
            dy = y - self.sun_y
            if dx * dx + dy * dy <= self.sun_r * self.sun_r:
                return self.sun
            t = y / h
            top, bottom = self.sky_top, self.sky_bottom
            return (
                round(top[0] + (bottom[0] - top[0]) * t),
                round(top[1] + (bottom[1] - top[1]) * t),
                round(top[2] + (bottom[2] - top[2]) * t),
            )
        if self.hull_x0 <= x <= self.hull_x1 and y < h + 0.08:
            return self.hull
        return self.sea


def scene_for(stem: str, width: int, height: int) -> Scene:
    return Scene.for_name(stem.rsplit("/", 1)[-1], width / height)


# --- PNG -----------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(width: int, height: int, paint: Painter, cell: int = 1) -> bytes:
    """An 8-bit RGB PNG of ``paint`` sampled every ``cell`` pixels (the same bytes every call)."""
    cols = -(-width // cell)
    rows: list[bytes] = []
    for cy in range(0, height, cell):
        y = (cy + cell / 2) / height
        parts = []
        for cx in range(cols):
            span = min(cell, width - cx * cell)
            parts.append(bytes(paint((cx * cell + span / 2) / width, y)) * span)
        row = b"\x00" + b"".join(parts)
        rows += [row] * min(cell, height - cy)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(b"".join(rows), 9)),
            _png_chunk(b"IEND", b""),
        ]
    )


# --- JPEG ----------------------------------------------------------------------------------------

# Huffman tables. DC: category 0 is the 1-bit code "0" and categories 1-11 take 5 bits. AC: the
# end-of-block and the (zero run 0-3, size 1-3) symbols, 13 codes of 4 bits, enough for grain.
_DC_BITS = bytes([1, 0, 0, 0, 11] + [0] * 11)
_DC_VALUES = bytes(range(12))
_DC_CODES = ["0"] + [format(0b10000 + i, "05b") for i in range(11)]
_AC_SYMBOLS = [0x00] + [(run << 4) | size for run in range(4) for size in range(1, 4)]
_AC_BITS = bytes([0, 0, 0, len(_AC_SYMBOLS)] + [0] * 12)
_AC_VALUES = bytes(_AC_SYMBOLS)
_AC_CODES = {symbol: format(i, "04b") for i, symbol in enumerate(_AC_SYMBOLS)}
_EOB = _AC_CODES[0x00]
_DC_QUANT = 8  # with a flat block, the quantised DC coefficient is the mean sample - 128
# Grain: AC coefficients per luma block, each block drawn from a pool of 4,096 so large that,
# like a photo's entropy-coded data, the bytes hardly compress further (gzip in the WARC gains
# about 8%), while a picture costs one random draw per block.
GRAIN_COEFFICIENTS = 15
_GRAIN_POOL_BITS = 12


def _ycbcr(rgb: RGB) -> tuple[int, int, int]:
    r, g, b = rgb
    y = 0.299 * r + 0.587 * g + 0.114 * b
    cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b
    cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b
    return (
        max(-128, min(127, round(y) - 128)),
        max(-128, min(127, round(cb) - 128)),
        max(-128, min(127, round(cr) - 128)),
    )


def _amplitude(value: int) -> tuple[int, str]:
    """JPEG's (size category, extra bits) of a non-zero coefficient."""
    size = abs(value).bit_length()
    extra = value if value > 0 else value + (1 << size) - 1
    return size, format(extra, f"0{size}b")


def _dc(diff: int) -> str:
    if diff == 0:
        return _DC_CODES[0]
    size, extra = _amplitude(diff)
    return _DC_CODES[size] + extra


def _grain(rng: random.Random) -> str:
    """The AC part of one luma block: small coefficients at random low and middle frequencies,
    then the end of block."""
    bits = []
    position = 0
    for _ in range(GRAIN_COEFFICIENTS):
        run = rng.choice((0, 0, 1, 2, 3))
        position += run + 1
        if position > 62:
            break
        value = rng.choice((1, 1, 2, 3, 5)) * rng.choice((-1, 1))
        size, extra = _amplitude(value)
        bits.append(_AC_CODES[(run << 4) | size] + extra)
    return "".join(bits) + _EOB


@cache
def _grain_pool() -> tuple[str, ...]:
    rng = random.Random("grain")
    return tuple(_grain(rng) for _ in range(1 << _GRAIN_POOL_BITS))


def _segment(marker: int, data: bytes) -> bytes:
    return struct.pack(">BBH", 0xFF, marker, len(data) + 2) + data


def jpeg(width: int, height: int, paint: Painter, grain_seed: str | None = None) -> bytes:
    """A baseline 4:2:0 JPEG of ``paint``: one colour per 16x16 block, and film grain in the
    luma when ``grain_seed`` is given (the same seed, the same bytes)."""
    mcu_cols, mcu_rows = -(-width // 16), -(-height // 16)
    rng = random.Random(grain_seed)
    pool = _grain_pool()

    def choose() -> str:
        return pool[rng.getrandbits(_GRAIN_POOL_BITS)] if grain_seed else _EOB

    bits: list[str] = []
    prev = (0, 0, 0)
    for my in range(mcu_rows):
        y = min(my * 16 + 8, height - 0.5) / height
        for mx in range(mcu_cols):
            x = min(mx * 16 + 8, width - 0.5) / width
            cur = _ycbcr(paint(x, y))
            bits.append(_dc(cur[0] - prev[0]) + choose())
            bits.extend(_DC_CODES[0] + choose() for _ in range(3))
            bits.append(_dc(cur[1] - prev[1]) + _EOB + _dc(cur[2] - prev[2]) + _EOB)
            prev = cur
    stream = "".join(bits)
    stream += "1" * (-len(stream) % 8)
    data = int(stream, 2).to_bytes(len(stream) // 8, "big") if stream else b""
    data = data.replace(b"\xff", b"\xff\x00")
    components = b"".join(struct.pack(">BBB", i, 0x22 if i == 1 else 0x11, 0) for i in (1, 2, 3))
    return b"".join(
        [
            b"\xff\xd8",
            _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            _segment(0xDB, b"\x00" + bytes([_DC_QUANT] * 64)),
            _segment(0xC0, struct.pack(">BHHB", 8, height, width, 3) + components),
            _segment(0xC4, b"\x00" + _DC_BITS + _DC_VALUES),
            _segment(0xC4, b"\x10" + _AC_BITS + _AC_VALUES),
            _segment(0xDA, b"\x03\x01\x00\x02\x00\x03\x00\x00\x3f\x00"),
            data,
            b"\xff\xd9",
        ]
    )


# --- the pictures of the site ---------------------------------------------------------------------


@lru_cache(maxsize=256)
def upload_image(path: str, kind: str) -> bytes:
    """The picture of an upload path (``kind`` "jpeg" or "png"), at the size its name says."""
    stem, size = split_size(path)
    width, height = size or FULL_SIZE
    scene = scene_for(stem, width, height)
    if kind == "jpeg":
        return jpeg(width, height, scene, grain_seed=f"{stem}-{width}x{height}")
    return png(width, height, scene, cell=max(1, min(width, height) // 60))


def _logo_painter(aspect: float) -> Painter:
    """The Foreign Desk mark: a red disc with a white ring (a globe) and, when wide, three
    white bars for the word mark, on navy."""

    def paint(x: float, y: float) -> RGB:
        if aspect > 1.5:
            cx, r = 0.5 / aspect, 0.4
            if x * aspect > 1.1:
                u = x * aspect - 1.1
                top = (0.22, 0.46, 0.70)
                for i, t in enumerate(top):
                    length = (3.2, 2.4, 3.6)[i]
                    if t <= y < t + 0.12 and u < length:
                        return (255, 255, 255)
                return (11, 37, 69)
        else:
            cx, r = 0.5, 0.42
        dx, dy = (x - cx) * aspect, y - 0.5
        d2 = dx * dx + dy * dy
        if d2 <= r * r:
            if (r * 0.72) ** 2 <= d2 <= (r * 0.84) ** 2 or abs(dy) < r * 0.06:
                return (255, 255, 255)
            return (200, 16, 46)
        return (11, 37, 69)

    return paint


@lru_cache(maxsize=16)
def logo_png(width: int, height: int) -> bytes:
    return png(width, height, _logo_painter(width / height))


def pattern_png(size: int, ground: RGB, stripe: RGB) -> bytes:
    """A tile of diagonal stripes, for CSS backgrounds."""

    def paint(x: float, y: float) -> RGB:
        return stripe if (round(x * size) + round(y * size)) % size < 3 else ground

    return png(size, size, paint)


def ico(png_bytes: bytes, size: int) -> bytes:
    """A .ico file holding one PNG image."""
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(png_bytes), 22)
    return struct.pack("<HHH", 0, 1, 1) + entry + png_bytes
