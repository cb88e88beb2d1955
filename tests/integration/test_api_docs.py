"""/docs and /redoc work offline: every asset they load is served by the gateway itself."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

_ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\s*:\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
async def test_docs_pages_load_only_same_origin_assets(api_url: str, page: str) -> None:
    async with httpx.AsyncClient(base_url=api_url) as client:
        response = await client.get(page)
        assert response.status_code == 200
        html = response.text
        assets = [a or b for a, b in _ASSET.findall(html)]
        assert assets, "the page should load scripts and styles"
        for asset in assets:
            absolute = urljoin(api_url + page, asset)
            assert urlsplit(absolute).netloc == urlsplit(api_url).netloc, asset
            loaded = await client.get(absolute)
            assert loaded.status_code == 200, asset
        assert "cdn.jsdelivr.net" not in html and "fonts.googleapis.com" not in html
        if page == "/docs":
            assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
            assert "/openapi.json" in html
        else:
            assert any(a.endswith("redoc.standalone.js") for a in assets)
