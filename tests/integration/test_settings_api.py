"""PATCH /api/settings changes only what it is sent; PUT still replaces everything."""

from __future__ import annotations

import httpx

HOOK = {
    "webhook_url": "https://hooks.example.com/todo",
    "webhook_secret": "a-long-enough-secret",
    "timezone": "UTC",
}


async def test_patch_changes_only_the_fields_sent(alice: httpx.AsyncClient) -> None:
    # A first PATCH creates the settings, everything else at its default.
    first = await alice.patch("/api/settings", json={"timezone": "Europe/Berlin"})
    assert first.status_code == 200, first.text
    assert first.json() == {
        "webhook_url": None, "webhook_secret_set": False, "timezone": "Europe/Berlin",
    }  # fmt: skip
    await alice.put("/api/settings", json=HOOK)
    saved = (await alice.patch("/api/settings", json={"timezone": "America/New_York"})).json()
    assert saved == {
        "webhook_url": HOOK["webhook_url"], "webhook_secret_set": True,
        "timezone": "America/New_York",
    }  # fmt: skip
    assert (await alice.get("/api/settings")).json() == saved
    # null clears a webhook field and leaves the zone alone.
    cleared = (await alice.patch("/api/settings", json={"webhook_url": None})).json()
    assert cleared["webhook_url"] is None and cleared["webhook_secret_set"] is True
    assert cleared["timezone"] == "America/New_York"
    # An empty PATCH changes nothing.
    assert (await alice.patch("/api/settings", json={})).json() == cleared


async def test_patch_refuses_bad_values_with_a_clear_422(alice: httpx.AsyncClient) -> None:
    await alice.patch("/api/settings", json={"timezone": "Europe/Berlin"})
    for bad, field in (
        ({"timezone": "Mars/Base"}, "timezone"),
        ({"timezone": None}, "timezone"),
        ({"webhook_url": "http://example.com/hook"}, "webhook_url"),
        ({"webhook_secret": "short"}, "webhook_secret"),
        ({"surprise": 1}, "surprise"),
    ):
        response = await alice.patch("/api/settings", json=bad)
        assert response.status_code == 422, bad
        error = response.json()["error"]
        assert error["code"] and field in error["message"], (bad, error)
    assert (await alice.get("/api/settings")).json()["timezone"] == "Europe/Berlin"


async def test_put_still_replaces_every_setting(alice: httpx.AsyncClient) -> None:
    await alice.put("/api/settings", json={**HOOK, "timezone": "Europe/Berlin"})
    replaced = (await alice.put("/api/settings", json={"timezone": "Asia/Tokyo"})).json()
    assert replaced == {"webhook_url": None, "webhook_secret_set": False, "timezone": "Asia/Tokyo"}
