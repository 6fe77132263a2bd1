"""The replica written to a folder for nginx: every page the crawl reaches, its redirects and
the media types a file name cannot tell, in a configuration nginx accepts."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from pathlib import Path

import pytest

from topten_crawler.replica import ReplicaServer, build_content
from topten_crawler.replica.export import Export, export_site, set_latency

BASE_URL = "http://127.0.0.1:18999/"


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Export:
    folder = tmp_path_factory.mktemp("export")
    return export_site(build_content(), folder, BASE_URL)


def test_every_post_is_written_as_the_replica_serves_it(export: Export) -> None:
    content = build_content()
    with ReplicaServer(content) as server:
        expected = [post.url for post in server.expected_posts()]
    assert len(expected) == len(content.posts)
    for post in content.posts:
        page = export.folder / "site" / post.path.lstrip("/") / "index.html"
        html = page.read_bytes()
        assert post.title.encode() in html or post.title.replace("'", "&#8217;").encode() in html
        # Absolute links point at the address nginx will listen on.
        assert BASE_URL.encode() in html
        assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == html


def test_redirects_and_media_types_go_into_the_configuration(export: Export) -> None:
    config = export.config.read_text(encoding="utf-8")
    assert '"/?p=' in config  # shortlinks
    assert 'location = "/feed/"' in config and "application/rss+xml" in config
    assert (export.folder / "site" / "robots.txt").is_file()
    assert (export.folder / "site" / "sitemap_index.xml").is_file()
    assert export.pages > len(build_content().posts)
    assert "# access_by_lua_block" in config


def test_latency_is_switched_on_and_off(export: Export) -> None:
    set_latency(export, 0.05)
    assert "\n        access_by_lua_block { ngx.sleep(0.050) }" in export.config.read_text()
    set_latency(export, 0.0)
    assert "# access_by_lua_block { ngx.sleep(0.000) }" in export.config.read_text()


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_configuration(export: Export) -> None:
    if not Path("/usr/lib/nginx/modules/ngx_http_lua_module.so").exists():
        pytest.skip("nginx's Lua module is not installed (libnginx-mod-http-lua)")
    command = ["nginx", "-t", "-c", str(export.config), "-p", str(export.folder)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
