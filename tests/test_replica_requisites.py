"""The replica's page requisites: real stylesheets, fonts, images and scripts, served like static
files, the same bytes on every request, and every URL a page loads resolves."""

from __future__ import annotations

import gzip
import io
import re
import struct
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest

from topten_crawler.replica import ReplicaServer, build_content
from topten_crawler.replica import images as replica_images
from topten_crawler.replica.content import SiteContent
from topten_crawler.replica.theme import css_references

THEME = "/wp-content/themes/newsblock"


class Got:
    def __init__(self, status: int, headers: Message, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def content_type(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";", 1)[0].strip()


def get(url: str, headers: dict[str, str] | None = None) -> Got:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return Got(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Got(error.code, error.headers, error.read())


@pytest.fixture(scope="module")
def content() -> SiteContent:
    return build_content()


@pytest.fixture(scope="module")
def server(content: SiteContent) -> Iterator[ReplicaServer]:
    with ReplicaServer(content) as running:
        yield running


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    # Every chunk's CRC is right and the pixels inflate to the declared size.
    position, pixels = 8, b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunk = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + chunk) & 0xFFFFFFFF == crc
        if kind == b"IDAT":
            pixels += chunk
        position += 12 + length
    assert kind == b"IEND"
    assert len(zlib.decompress(pixels)) == height * (1 + 3 * width)
    return width, height


def jpeg_size(data: bytes) -> tuple[int, int]:
    """Walk the marker segments of a baseline JPEG up to its scan; its frame size."""
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    position, size = 2, None
    while True:
        assert data[position] == 0xFF
        marker = data[position + 1]
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker == 0xC0:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            size = (width, height)
        if marker == 0xDA:
            break
        position += 2 + length
    scan = data[position + 2 + length : -2]
    # Inside the entropy-coded data, 0xFF is always stuffed (followed by 0x00).
    assert re.search(rb"\xff[^\x00]", scan) is None
    assert size is not None
    return size


# --- theme files ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type", "magic"),
    [
        (f"{THEME}/style.css?ver=1.2.1", "text/css", b"/*"),
        (f"{THEME}/css/components.css", "text/css", b"/*"),
        (f"{THEME}/js/scripts.js?ver=1.2.1", "application/javascript", b"/*"),
        (f"{THEME}/fonts/fd-display-bold.woff2", "font/woff2", b"wOF2"),
        (f"{THEME}/fonts/fd-display-bold.woff", "font/woff", b"wOFF"),
        (f"{THEME}/fonts/fd-text-regular.woff2", "font/woff2", b"wOF2"),
        (f"{THEME}/fonts/fd-text-regular.ttf", "font/ttf", b"\x00\x01\x00\x00"),
        (f"{THEME}/images/header-pattern.png", "image/png", b"\x89PNG"),
        ("/wp-includes/css/dist/block-library/style.min.css", "text/css", b"/*"),
        ("/wp-includes/js/jquery/jquery.min.js", "application/javascript", b"/*!"),
        ("/wp-content/uploads/2021/03/foreign-desk-logo-32x32.png", "image/png", b"\x89PNG"),
        ("/favicon.ico", "image/x-icon", b"\x00\x00\x01\x00"),
    ],
)
def test_assets_are_served_with_their_type(
    server: ReplicaServer, path: str, content_type: str, magic: bytes
) -> None:
    got = get(server.url(path))
    assert got.status == 200
    assert got.content_type == content_type
    assert got.body.startswith(magic)
    assert int(got.headers["Content-Length"]) == len(got.body)
    assert got.headers["Last-Modified"].endswith(" GMT")
    # A strong validator of the bytes sent (a hash), not nginx's mtime-length pair.
    assert re.fullmatch(r'"[0-9a-f]{24}"', got.headers["ETag"])
    assert "max-age=" in got.headers["Cache-Control"]


def test_fonts_are_whole_font_files(server: ReplicaServer) -> None:
    for name in ("fd-display-bold.woff2", "fd-text-regular.woff2"):
        body = get(server.url(f"{THEME}/fonts/{name}")).body
        # WOFF2 header: signature, flavour (TrueType), total length.
        assert body[4:8] == b"\x00\x01\x00\x00"
        assert struct.unpack(">I", body[8:12])[0] == len(body)
    woff = get(server.url(f"{THEME}/fonts/fd-display-bold.woff")).body
    assert struct.unpack(">I", woff[8:12])[0] == len(woff)
    ttf = get(server.url(f"{THEME}/fonts/fd-text-regular.ttf")).body
    (tables,) = struct.unpack(">H", ttf[4:6])
    tags = {ttf[12 + 16 * i : 16 + 16 * i] for i in range(tables)}
    assert {b"cmap", b"glyf", b"head", b"name"} <= tags
    # The copyright notice travels with the fonts (name records are UTF-16 big-endian).
    assert "Bitstream".encode("utf-16-be") in ttf


def test_stylesheets_and_scripts_are_gzipped_with_a_length(server: ReplicaServer) -> None:
    plain = get(server.url(f"{THEME}/style.css"))
    zipped = get(server.url(f"{THEME}/style.css"), {"Accept-Encoding": "gzip"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert int(zipped.headers["Content-Length"]) == len(zipped.body)
    assert gzip.decompress(zipped.body) == plain.body
    assert zipped.headers.get("Transfer-Encoding") is None
    image = get(server.url(f"{THEME}/images/header-pattern.png"), {"Accept-Encoding": "gzip"})
    assert image.headers.get("Content-Encoding") is None


def test_the_stylesheet_imports_declares_fonts_and_loads_images(server: ReplicaServer) -> None:
    css = get(server.url(f"{THEME}/style.css")).body.decode()
    assert css.lstrip().startswith("/*") and "@import" in css
    assert css.count("@font-face") == 2
    refs = css_references(css)
    assert refs[0] == "css/components.css"
    assert {r.rsplit(".", 1)[-1] for r in refs} >= {"css", "woff2", "woff", "ttf", "png"}
    components = get(server.url(f"{THEME}/css/components.css")).body.decode()
    assert "../images/footer-pattern.png" in components
    for ref in refs + [f"../{r[3:]}" for r in css_references(components)]:
        assert get(server.url(f"{THEME}/{ref.removeprefix('../')}")).status == 200, ref


def test_the_script_is_deterministic(server: ReplicaServer) -> None:
    script = get(server.url(f"{THEME}/js/scripts.js")).body.decode()
    for clock in ("Date", "Math.random", "setTimeout", "setInterval", "requestAnimationFrame"):
        assert clock not in script
    css = get(server.url(f"{THEME}/style.css")).body.decode()
    for moving in ("transition", "animation", "position: fixed", "position: sticky"):
        assert moving not in css


def test_unknown_theme_files_are_not_found(server: ReplicaServer) -> None:
    assert get(server.url(f"{THEME}/no-such.css")).status == 404
    assert get(server.url(f"{THEME}/fonts/no-such.woff2")).status == 404
    assert get(server.url("/wp-content/uploads/2024/02/notes.txt")).status == 404


# --- pictures ------------------------------------------------------------------------------------


def test_uploads_are_pictures_of_the_size_their_name_says(
    server: ReplicaServer, content: SiteContent
) -> None:
    post = next(p for p in content.posts if p.image is not None)
    assert post.image is not None
    full = get(server.url(post.image.path))
    assert full.content_type == "image/jpeg"
    assert jpeg_size(full.body) == (1200, 675)
    # A news photo's weight (JPEG quality 80-85: 0.1-0.3 bytes a pixel), and, like one, its
    # bytes do not compress: what the WARC stores is about what was sent.
    assert 0.1 < len(full.body) / (1200 * 675) < 0.3
    assert len(gzip.compress(full.body)) > 0.85 * len(full.body)
    stem = post.image.path.rsplit(".", 1)[0]
    for width, height in ((300, 169), (768, 432), (1024, 576), (380, 250)):
        sized = get(server.url(f"{stem}-{width}x{height}.jpg"))
        assert jpeg_size(sized.body) == (width, height)
    thumb = get(server.url(f"{stem}-760x500.png"))
    assert thumb.content_type == "image/png"
    assert png_size(thumb.body) == (760, 500)
    assert len(thumb.body) < 12_000


def test_every_post_has_its_own_picture(server: ReplicaServer, content: SiteContent) -> None:
    bodies = {get(server.url(p.image.path)).body for p in content.posts[:12] if p.image}
    assert len(bodies) == len([p for p in content.posts[:12] if p.image])


def test_pictures_have_visible_content() -> None:
    scene = replica_images.scene_for("/wp-content/uploads/2024/02/x", 1200, 675)
    colours = {scene(x / 20, y / 20) for x in range(20) for y in range(20)}
    assert len(colours) > 5


def test_site_icons_and_logo(server: ReplicaServer) -> None:
    for size in (32, 180, 192):
        got = get(server.url(f"/wp-content/uploads/2021/03/foreign-desk-logo-{size}x{size}.png"))
        assert png_size(got.body) == (size, size)
    logo = get(server.url("/wp-content/uploads/2021/03/foreign-desk-logo.png"))
    assert png_size(logo.body) == (180, 40)
    ico = get(server.url("/favicon.ico")).body
    assert ico[22:30] == b"\x89PNG\r\n\x1a\n"


# --- what a page loads ----------------------------------------------------------------------


def test_post_pages_link_real_requisites(server: ReplicaServer, content: SiteContent) -> None:
    post = content.posts[0]
    html = get(server.url(post.path)).body.decode()
    doc = lxml.html.document_fromstring(html)
    assert doc.xpath("//link[@rel='stylesheet' and contains(@href, '/newsblock/style.css')]")
    assert doc.xpath("//script[contains(@src, '/newsblock/js/scripts.js')]")
    assert doc.xpath("//link[@rel='icon']") and doc.xpath("//link[@rel='apple-touch-icon']")
    featured = doc.xpath("//figure[contains(@class, 'cs-entry__post-media')]/img")[0]
    assert post.image is not None and featured.get("src") == server.url(post.image.path)
    assert "768w" in featured.get("srcset") and "1200w" in featured.get("srcset")
    assert featured.get("sizes")
    assert doc.xpath("//div[contains(@class, 'cs-entry__post-related')]//picture/source[@srcset]")
    frames = doc.xpath("//div[contains(@class, 'entry-content')]//iframe/@src")
    assert frames and frames[0].startswith(server.base_url) and frames[0].endswith("/embed/")
    # The date line the script fills in is printed in an attribute, not as text.
    date = doc.xpath("//div[@class='cs-header__date']")[0]
    assert date.get("data-date") and not date.text_content()


def test_requisite_urls_all_resolve(server: ReplicaServer, content: SiteContent) -> None:
    post = content.posts[0]
    urls = server.requisite_urls(post.path)
    assert len(urls) == len(set(urls))
    assert all(u.startswith(server.base_url) for u in urls)
    paths = [urlsplit(u).path for u in urls]
    for expected in (
        f"{THEME}/style.css",
        f"{THEME}/css/components.css",
        f"{THEME}/fonts/fd-display-bold.woff2",
        f"{THEME}/fonts/fd-text-regular.woff2",
        f"{THEME}/images/header-pattern.png",
        f"{THEME}/images/footer-pattern.png",
        f"{THEME}/images/logo-mark.png",
        f"{THEME}/js/scripts.js",
        "/wp-includes/css/wp-embed-template.min.css",  # inside the iframe
        "/wp-includes/images/embed-corner.png",  # from the iframe's stylesheet
    ):
        assert expected in paths, expected
    assert post.image is not None and server.url(post.image.path) in urls
    assert any(p.endswith("/embed/") for p in paths)
    assert any(p.endswith("-760x500.png") for p in paths)
    for url in urls:
        got = get(url)
        assert got.status == 200, url
        ext = urlsplit(url).path.rsplit(".", 1)[-1]
        if ext in ("jpg", "png"):
            (jpeg_size if ext == "jpg" else png_size)(got.body)


def test_requisites_of_other_pages(server: ReplicaServer, content: SiteContent) -> None:
    for path in ("/", content.pages[0].path, f"/category/{content.categories[0].slug}/"):
        urls = server.requisite_urls(path)
        assert any(u.endswith(".woff2") for u in urls)
        assert all(get(u).status == 200 for u in urls)
    with pytest.raises(ValueError):
        server.requisite_urls("/no-such-page/")


def test_requisites_are_deterministic(content: SiteContent) -> None:
    post = next(p for p in content.posts if p.image is not None)
    with ReplicaServer(content) as first:
        urls = first.requisite_urls(post.path)
        one = [get(u).body for u in urls]
        two = [get(u).body for u in urls]
    assert one == two
    paths = [urlsplit(u).path for u in urls]
    with ReplicaServer(build_content()) as second:
        again = second.requisite_urls(post.path)
        assert [urlsplit(u).path for u in again] == paths
        # Pages carry their server's address; every asset is the same file on another server.
        assets = [(u, b) for u, b in zip(again, one, strict=True) if not u.endswith("/")]
        assert [get(u).body for u, _ in assets] == [b for _, b in assets]


def test_embed_pages_are_not_posts(server: ReplicaServer, content: SiteContent) -> None:
    post = content.posts[1]
    got = get(server.url(post.path + "embed/"))
    assert got.status == 200
    html = got.body.decode()
    assert "single-post" not in html and "og:type" not in html
    assert "wp-embed-template.min.css" in html


def block_mean(rgb: Any, left: int, top: int) -> tuple[int, ...]:
    pixels = [rgb.getpixel((left + dx, top + dy)) for dx in range(8) for dy in range(8)]
    return tuple(round(sum(p[i] for p in pixels) / len(pixels)) for i in range(3))


def test_pictures_decode_to_their_scene(server: ReplicaServer, content: SiteContent) -> None:
    image_module = pytest.importorskip("PIL.Image")
    post = next(p for p in content.posts if p.image is not None)
    assert post.image is not None
    stem = post.image.path.rsplit(".", 1)[0]
    for path, size in ((post.image.path, (1200, 675)), (f"{stem}-760x500.png", (760, 500))):
        with image_module.open(io.BytesIO(get(server.url(path)).body)) as picture:
            picture.load()
            assert picture.size == size
            rgb = picture.convert("RGB")
            scene = replica_images.scene_for(stem, *size)
            # Averaged over the 8x8 blocks at the middle of 16-pixel blocks, the picture is its
            # scene (JPEG rounding and colour conversion aside; a JPEG's film grain is AC
            # coefficients, which add nothing to a block's mean), with more than a few colours.
            samples = [
                (x * 16 + 8, y * 16 + 8)
                for x in range(0, size[0] // 16, 7)
                for y in range(0, size[1] // 16, 5)
            ]
            seen = set()
            for x, y in samples:
                got = block_mean(rgb, x - x % 8, y - y % 8)
                want = scene((x + 0.5) / size[0], (y + 0.5) / size[1])
                seen.add(want)
                assert max(abs(a - b) for a, b in zip(got, want, strict=True)) <= 24, (path, x, y)
            assert len(seen) > 5
