"""One user can never see or touch another's data, on any surface.

Bob owns tasks (one recurring, one completed, one with a reminder that fires), their activity
entries, a notification and live updates. Alice, knowing every id and title of Bob's, tries each
surface: REST, activity, notifications, MCP tools, the chat agent, server-sent events and the
WebSocket, live and replayed from an early `Last-Event-ID`. Every answer must be "not found" or
empty, and Bob's own view must show nothing changed. Each test also has a positive control
(Bob sees his own data through the same route), so an empty answer is never a broken route.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import websockets

from tests.security.support import (
    SseReader,
    assert_untouched,
    build_bobs_world,
    release_streams,
    task_ids_in,
    unique,
)
from tests.support.chat import say, tool_calls
from tests.support.live import live_clients, streams_open
from tests.support.mcp import mcp_as, tool
from tests.support.waits import eventually_async

# -- REST --------------------------------------------------------------------------------------


async def test_rest_denies_every_operation_on_another_users_task(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    world = await build_bobs_world(bob)
    attempts = [
        ("GET", "", None), ("PATCH", "", {"title": "stolen"}), ("PATCH", "", {"due": None}),
        ("POST", "/complete", None), ("POST", "/reopen", None), ("POST", "/skip", None),
        ("DELETE", "", None), ("DELETE", "?scope=series", None),
    ]  # fmt: skip
    for task in world.tasks.values():
        for method, suffix, body in attempts:
            response = await alice.request(method, f"/api/tasks/{task['id']}{suffix}", json=body)
            assert response.status_code == 404, (method, suffix, response.text)
            assert response.json()["error"]["code"] == "not_found"
            assert world.word not in response.text  # not even the title leaks in the message
    await assert_untouched(bob, world)


@pytest.mark.parametrize(
    "params",
    [
        {"status": "all"},
        {"status": "all", "q": "{title}"},
        {"status": "all", "q": "{word}"},
        {"status": "all", "tag": "{word}"},
        {"status": "completed", "q": "done {word}"},
        {"status": "all", "sort": "title", "limit": "200"},
        {"status": "all", "q": "{word}", "sort": "relevance"},
    ],
)
async def test_list_and_search_never_return_another_users_task(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient, params: dict[str, str]
) -> None:
    world = await build_bobs_world(bob)
    title = world.tasks["plain"]["title"]
    filled = {key: value.format(title=title, word=world.word) for key, value in params.items()}
    decoy = {"title": f"alice's own {world.word}", "tags": [world.word]}
    assert (await alice.post("/api/tasks", json=decoy)).status_code == 201
    mine = await alice.get("/api/tasks", params=filled)
    assert mine.status_code == 200, mine.text
    assert not world.ids & {item["id"] for item in mine.json()["items"]}
    theirs = await bob.get("/api/tasks", params=filled)  # the control: the query does find them
    assert world.ids & {item["id"] for item in theirs.json()["items"]}


async def test_another_users_cursor_is_refused(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    await build_bobs_world(bob)
    page = (await bob.get("/api/tasks", params={"status": "all", "limit": "1"})).json()
    assert page["next_cursor"]
    stolen = await alice.get(
        "/api/tasks", params={"status": "all", "limit": "1", "cursor": page["next_cursor"]}
    )
    assert stolen.status_code == 400 and stolen.json()["error"]["code"] == "invalid_cursor"


# -- activity and notifications ---------------------------------------------------------------


async def test_activity_of_another_users_task_is_empty(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    world = await build_bobs_world(bob)
    task_id = world.tasks["completed"]["id"]

    async def bobs_entries() -> list[dict[str, Any]]:
        page = (await bob.get("/api/activity", params={"task_id": task_id})).json()
        return page["items"] if len(page["items"]) >= 2 else []  # created + completed

    # The control: the audit function did record them.
    assert await eventually_async(bobs_entries, 30, "bob's activity entries")
    for params in ({"task_id": task_id}, {}, {"limit": "200"}):
        page = await alice.get("/api/activity", params=params)
        assert page.status_code == 200
        assert not world.ids & {item["task_id"] for item in page.json()["items"]}, params
    bobs_page = (await bob.get("/api/activity", params={"limit": "1"})).json()
    assert bobs_page["next_cursor"]
    stolen = await alice.get("/api/activity", params={"cursor": bobs_page["next_cursor"]})
    assert stolen.status_code == 400  # the cursor names Bob's log, not a position in Alice's


async def test_notifications_of_another_user_cannot_be_read_or_marked(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    soon = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    task = (await bob.post("/api/tasks", json={"title": unique("ping"), "reminders": [
        {"at": soon}]})).json()  # fmt: skip

    async def bobs_notification() -> dict[str, Any] | None:
        items = (await bob.get("/api/notifications")).json()["items"]
        return next((n for n in items if n["task_id"] == task["id"]), None)

    notification = await eventually_async(bobs_notification, 30, "bob's notification")
    assert notification["read"] is False
    marked = await alice.post(f"/api/notifications/{notification['id']}/read")
    assert marked.status_code == 404 and marked.json()["error"]["code"] == "not_found"
    assert (await alice.post("/api/notifications/read-all")).status_code == 200
    listed = (await alice.get("/api/notifications", params={"limit": "200"})).json()
    assert notification["id"] not in {n["id"] for n in listed["items"]}
    assert listed["unread"] == 0
    after = await bobs_notification()
    assert after is not None and after["read"] is False
    assert (await bob.get("/api/notifications")).json()["unread"] >= 1


# -- MCP ---------------------------------------------------------------------------------------


async def test_mcp_tools_never_reach_another_users_task(
    api_url: str, issue_token: Callable[[str], str], bob: httpx.AsyncClient
) -> None:
    world = await build_bobs_world(bob)
    title = world.tasks["plain"]["title"]
    async with mcp_as(api_url, issue_token(unique("mcp-alice-"))) as client:
        for task in world.tasks.values():
            cases: list[tuple[str, dict[str, Any]]] = [
                ("get_task", {}), ("update_task", {"title": "stolen"}),
                ("update_task", {"clear_due": True, "clear_recurrence": True}),
                ("complete_task", {}), ("reopen_task", {}), ("skip_task", {}),
                ("delete_task", {}), ("delete_task", {"confirm": True}),
            ]  # fmt: skip
            for name, arguments in cases:
                failed, result = await tool(client, name, task_id=task["id"], **arguments)
                assert failed, (name, result)
                assert world.word not in str(result)
            failed, history = await tool(client, "task_activity", task_id=task["id"])
            assert failed or history["items"] == [], history
        for arguments in (
            {"status": "all"}, {"q": title, "status": "all"}, {"q": world.word, "status": "all"},
            {"tags": [world.word], "status": "all"},
        ):  # fmt: skip
            failed, page = await tool(client, "list_tasks", **arguments)
            assert not failed and page["items"] == [], (arguments, page)
    await assert_untouched(bob, world)


# -- chat ---------------------------------------------------------------------------------------


async def test_chat_agent_cannot_act_on_another_users_task(
    make_client: Callable[[str | None], httpx.AsyncClient], bob: httpx.AsyncClient
) -> None:
    world = await build_bobs_world(bob)
    alice = make_client(None)
    plain, recurring = world.tasks["plain"]["title"], world.tasks["recurring"]["title"]
    for message in (
        f"complete {plain}", f"done {recurring}", f"skip {recurring}", f"reopen {world.word}",
        f"rename {plain} to stolen", f"move {plain} to tomorrow", f"delete {plain}", "yes",
        f"delete {world.word}", "yes", f"complete {world.tasks['plain']['id']}",
        f"what did I do with {world.word}", f"list tasks tagged {world.word}",
    ):  # fmt: skip
        events = await say(alice, message, "isolation")
        called_ids = {arg.get("task_id") for _, arg in tool_calls(events)}
        assert not world.ids & called_ids, (message, events)
        assert world.word not in json.dumps([d for n, d in events if n == "tool_result"])
    await assert_untouched(bob, world)


async def test_chat_agent_acts_on_the_users_own_task_of_the_same_name(
    make_client: Callable[[str | None], httpx.AsyncClient], bob: httpx.AsyncClient
) -> None:
    # The control for the test above: the same words do act, on Alice's own task.
    world = await build_bobs_world(bob)
    alice = make_client(None)
    title = world.tasks["plain"]["title"]
    own = (await alice.post("/api/tasks", json={"title": title})).json()
    await say(alice, f"complete {title}")
    assert (await alice.get(f"/api/tasks/{own['id']}")).json()["completed"] is True
    await assert_untouched(bob, world)


# -- live updates ----------------------------------------------------------------------------


async def ws_collect(
    url: str, found: Callable[[list[dict[str, Any]]], bool], timeout: float = 20
) -> list[dict[str, Any]]:
    """WebSocket messages until they satisfy `found`."""
    messages: list[dict[str, Any]] = []
    async with websockets.connect(url, proxy=None) as socket, asyncio.timeout(timeout):
        while not found(messages):
            message = json.loads(await socket.recv())
            if message.get("type") != "ping":
                messages.append(message)
    return messages


def _titles(payloads: list[Any]) -> str:
    return json.dumps(payloads)


def mentions(text: str) -> Callable[[list[dict[str, Any]]], bool]:
    """Whether any payload mentions `text`."""
    return lambda payloads: any(text in json.dumps(payload) for payload in payloads)


async def test_live_streams_never_carry_another_users_updates(
    api_url: str, issue_token: Callable[[str], str], make_client: Callable[[str | None], Any]
) -> None:
    alice_name, bob_name = unique("live-alice-"), unique("live-bob-")
    alice, bob = make_client(alice_name), make_client(bob_name)
    alice_token, bob_token = issue_token(alice_name), issue_token(bob_name)
    ws_base = api_url.replace("http://", "ws://")
    sentinel = unique("alice-sentinel-")

    before = await live_clients(api_url)
    alice_sse = SseReader(api_url, alice_token)
    alice_sse_query = SseReader(api_url, None, params={"access_token": alice_token})
    bob_sse = SseReader(api_url, bob_token)
    readers = (alice_sse, alice_sse_query, bob_sse)
    alice_ws = asyncio.create_task(
        ws_collect(f"{ws_base}/ws?access_token={alice_token}", mentions(sentinel))
    )
    try:
        for reader in readers:
            await reader.opened()
        await streams_open(api_url, before + 4)  # the WebSocket has taken its start too
        world = await build_bobs_world(bob)
        plain = world.tasks["plain"]["id"]
        await bob.patch(f"/api/tasks/{plain}", json={"title": f"Renamed {world.word}"})
        await bob.post(f"/api/tasks/{world.tasks['recurring']['id']}/skip")
        await bob.delete(f"/api/tasks/{plain}")
        # Bob's stream got all of his changes (the last being the delete) before Alice acts,
        # so had they leaked, Alice's streams would have them before her own sentinel.
        await bob_sse.until(lambda got: any(p.get("op") == "delete" for p in got), timeout=30)
        await alice.post("/api/tasks", json={"title": sentinel})
        await alice_sse.until(mentions(sentinel))
        await alice_sse_query.until(mentions(sentinel))
        ws_messages = await alice_ws
    finally:
        for reader in readers:
            await reader.close()
        alice_ws.cancel()
        await release_streams(api_url, alice_token)
    for name, payloads in {
        "sse": alice_sse.payloads(),
        "sse ?access_token": alice_sse_query.payloads(),
        "ws": ws_messages,
    }.items():
        assert not world.ids & task_ids_in(payloads), name
        assert world.word not in _titles(payloads), name
    assert world.ids <= task_ids_in(bob_sse.payloads())  # the control


@pytest.mark.parametrize("how", ["Last-Event-ID", "?last_event_id", "ws ?last_event_id"])
async def test_replay_from_an_early_id_returns_only_the_users_own_updates(
    api_url: str,
    issue_token: Callable[[str], str],
    make_client: Callable[[str | None], Any],
    how: str,
) -> None:
    alice_name, bob_name = unique("replay-alice-"), unique("replay-bob-")
    alice, bob = make_client(alice_name), make_client(bob_name)
    world = await build_bobs_world(bob)
    sentinel = unique("alice-replayed-")
    await alice.post("/api/tasks", json={"title": sentinel})
    bob_token, alice_token = issue_token(bob_name), issue_token(alice_name)

    bob_replay = SseReader(api_url, bob_token, headers={"Last-Event-ID": "0"})
    try:  # the control: Bob's updates are in the stream table, and replay does return them
        await bob_replay.until(lambda got: world.ids <= task_ids_in(got), timeout=30)
    finally:
        await bob_replay.close()
    # Ids count each user's own updates, so Bob's share numbers with Alice's: a replay from 0
    # that ignored the owner would return his beside her sentinel.
    if how == "ws ?last_event_id":
        url = api_url.replace("http://", "ws://") + f"/ws?access_token={alice_token}"
        payloads = await ws_collect(url + "&last_event_id=0", mentions(sentinel))
        await release_streams(api_url, alice_token)
    else:
        request: dict[str, Any] = (
            {"headers": {"Last-Event-ID": "0"}}
            if how == "Last-Event-ID"
            else {"params": {"last_event_id": "0"}}
        )
        reader = SseReader(api_url, alice_token, **request)
        try:
            await reader.until(mentions(sentinel), timeout=30)
        finally:
            await reader.close()
        payloads = reader.payloads()
    assert not world.ids & task_ids_in(payloads)
    assert world.word not in _titles(payloads)
