"""Task search on a real PostgreSQL: text matching, filters, sorts, keyset pages and cursors.

Text and filter tests go through GET /api/tasks as a client would. The ordering and paging tests
insert rows with chosen sort values (many of them equal, to exercise the tie-breaks) straight
into the table, then compare what `search_tasks` and the API return with the order computed
here in Python. Every test has users of its own, so tests never see each other's rows.
"""

from __future__ import annotations

import base64
import json
import random
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import cmp_to_key
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.errors import InvalidCursor
from core.search import TaskPage, search_tasks
from core.store.models import TaskRow
from core.task_query import TaskQuery

Params = list[tuple[str, str]] | dict[str, str]
Sessions = async_sessionmaker[AsyncSession]
NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SORTS = ["due", "priority", "created", "updated", "title"]


def new_owner() -> str:
    return f"search-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def sessions(sessionmaker: Sessions) -> Sessions:
    """Sessions over the test database (the conftest's `sessionmaker`, by a shorter name)."""
    return sessionmaker


# --- over HTTP -------------------------------------------------------------------------------


async def create(client: httpx.AsyncClient, title: str, **fields: Any) -> dict[str, Any]:
    response = await client.post("/api/tasks", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    return dict(response.json())


async def get(client: httpx.AsyncClient, params: Params) -> httpx.Response:
    query = tuple(params.items()) if isinstance(params, dict) else tuple(params)
    try:
        return await client.get("/api/tasks", params=query)
    except httpx.TransportError as exc:  # the server dropped the connection: a crash, not a 4xx
        pytest.fail(f"GET /api/tasks {params!r} failed: {exc!r}", pytrace=False)


async def listing(client: httpx.AsyncClient, params: Params) -> dict[str, Any]:
    response = await get(client, params)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def titles(client: httpx.AsyncClient, params: Params) -> list[str]:
    return [item["title"] for item in (await listing(client, params))["items"]]


async def found(client: httpx.AsyncClient, q: str, **params: str) -> list[str]:
    return await titles(client, {"q": q, "status": "all", **params})


async def refused(client: httpx.AsyncClient, params: Params, status: int, code: str) -> str:
    response = await get(client, params)
    assert response.status_code == status, (params, response.text)
    error = response.json()["error"]
    assert error["code"] == code, (params, error)
    return str(error["message"])


async def walk_http(client: httpx.AsyncClient, params: Params, limit: int) -> list[str]:
    """Every id of every page, following next_cursor to the end."""
    base = list(params.items()) if isinstance(params, dict) else list(params)
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(1000):
        page = await listing(
            client, [*base, ("limit", str(limit))] + ([("cursor", cursor)] if cursor else [])
        )
        assert len(page["items"]) <= limit
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
        assert page["items"], "a page with a next cursor must not be empty"
    raise AssertionError("pagination did not end")


# --- straight to the table and search_tasks --------------------------------------------------


async def insert(sessions: Sessions, owner: str, specs: Iterable[dict[str, Any]]) -> list[TaskRow]:
    rows = [
        TaskRow(
            id=uuid.uuid4(),
            owner=owner,
            timezone="UTC",
            reminders=[],
            **{"description": "", "tags": [], "priority": 0, "completed": False, **spec},
        )
        for spec in specs
    ]
    async with sessions() as session, session.begin():
        session.add_all(rows)
    return rows


async def search(sessions: Sessions, owner: str, **params: Any) -> TaskPage:
    async with sessions() as session:
        return await search_tasks(session, owner, TaskQuery.model_validate(params), now=NOW)


async def walk(sessions: Sessions, owner: str, limit: int, **params: Any) -> list[uuid.UUID]:
    seen: list[uuid.UUID] = []
    cursor: str | None = None
    for _ in range(1000):
        page = await search(sessions, owner, **params, limit=limit, cursor=cursor)
        assert len(page.items) <= limit
        seen += [row.id for row in page.items]
        if page.next_cursor is None:
            return seen
        assert page.items, "a page with a next cursor must not be empty"
        cursor = page.next_cursor
    raise AssertionError("pagination did not end")


def ordered(rows: Iterable[TaskRow], sort: str, order: str) -> list[uuid.UUID]:
    """The contract's order, computed independently: NULL due last both ways, ties by id."""
    desc = order == "desc"
    keys: list[tuple[Callable[[TaskRow], Any], bool]] = {
        "due": [(lambda r: r.due, desc), (lambda r: r.id, desc)],
        # Ascending is urgent (p1) first: the stored rank descends. Equal priorities: soonest
        # due first (undated last), then id, whatever the order.
        "priority": [
            (lambda r: r.priority, not desc),
            (lambda r: r.due, False),
            (lambda r: r.id, False),
        ],
        "created": [(lambda r: r.created_at, desc), (lambda r: r.id, desc)],
        "updated": [(lambda r: r.updated_at, desc), (lambda r: r.id, desc)],
        "title": [(lambda r: r.title.lower(), desc), (lambda r: r.id, desc)],
    }[sort]

    def compare(a: TaskRow, b: TaskRow) -> int:
        for get, descending in keys:
            x, y = get(a), get(b)
            if x == y:
                continue
            if x is None or y is None:
                return 1 if x is None else -1
            return (1 if x > y else -1) * (-1 if descending else 1)
        return 0

    return [row.id for row in sorted(rows, key=cmp_to_key(compare))]


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, 1, tzinfo=UTC) + timedelta(days=day, hours=hour)


# Few distinct values, so many rows tie on each sort key; titles are plain lower-case words
# whose order is the same in every collation, and which share no trigram with "alpha".
TITLES = ["alpha", "Alpha", "ALPHA", "beta", "gamma", "Gamma", "omega", "zeta"]
DUES = [None, None, at(1), at(1), at(2, 9), at(40)]
STAMPS = [at(-30), at(-30), at(-20), at(-10, 5)]


def random_specs(rng: random.Random, n: int) -> list[dict[str, Any]]:
    return [
        {
            "title": rng.choice(TITLES),
            "priority": rng.randint(0, 4),
            "due": rng.choice(DUES),
            "completed": rng.random() < 0.3,
            "tags": rng.sample(["red", "blue", "green"], rng.randint(0, 2)),
            "created_at": rng.choice(STAMPS),
            "updated_at": rng.choice(STAMPS),
        }
        for _ in range(n)
    ]


# --- text search -----------------------------------------------------------------------------

LIBRARY = [
    ("Buy groceries", "milk, eggs and bread"),
    ("Call the dentist", "book a cleaning appointment"),
    ("Write quarterly report", "numbers for the board"),
    ("Pay rent", "transfer to landlord"),
    ("Organize garage", ""),
]


@pytest.fixture
async def library(alice: httpx.AsyncClient) -> httpx.AsyncClient:
    for title, description in LIBRARY:
        await create(alice, title, description=description)
    return alice


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("groc", ["Buy groceries"]),
        ("GROC", ["Buy groceries"]),
        ("dent", ["Call the dentist"]),
        ("quart", ["Write quarterly report"]),
        ("org", ["Organize garage"]),
    ],
)
async def test_a_word_start_finds_the_task(
    library: httpx.AsyncClient, q: str, expected: list[str]
) -> None:
    assert await found(library, q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("grocery", ["Buy groceries"]),
        ("reports", ["Write quarterly report"]),
        ("organizing", ["Organize garage"]),
        ("paying", ["Pay rent"]),
    ],
)
async def test_another_form_of_the_word_finds_the_task(
    library: httpx.AsyncClient, q: str, expected: list[str]
) -> None:
    assert await found(library, q) == expected


async def test_words_of_the_description_match(library: httpx.AsyncClient) -> None:
    assert await found(library, "landlord") == ["Pay rent"]
    assert await found(library, "cleaning appointment") == ["Call the dentist"]


async def test_every_word_must_match_in_title_or_description(library: httpx.AsyncClient) -> None:
    assert await found(library, "call dentist") == ["Call the dentist"]
    assert await found(library, "buy milk") == ["Buy groceries"]  # title + description
    assert await found(library, "call rent") == []
    assert await found(library, "groceries landlord") == []


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("grocries", ["Buy groceries"]),
        ("dentst", ["Call the dentist"]),
        ("quartrly", ["Write quarterly report"]),
        ("dentst call", ["Call the dentist"]),
        ("garrage", ["Organize garage"]),
        # Two neighbouring letters swapped are one typo (Damerau), wherever the swap is.
        ("grocreies", ["Buy groceries"]),
        ("grocereis", ["Buy groceries"]),
        ("dnetist", ["Call the dentist"]),
    ],
)
async def test_a_typo_in_a_title_word_still_finds_it(
    library: httpx.AsyncClient, q: str, expected: list[str]
) -> None:
    assert await found(library, q) == expected


async def test_a_typo_that_resembles_nothing_finds_nothing(library: httpx.AsyncClient) -> None:
    assert await found(library, "xylophone") == []
    assert await found(library, "dentst landlord") == []  # one word matching is not enough


async def test_a_typo_finds_a_title_as_it_is_now(alice: httpx.AsyncClient) -> None:
    task = await create(alice, "Paint the fence")
    renamed = await alice.patch(f"/api/tasks/{task['id']}", json={"title": "Repair the gutter"})
    renamed.raise_for_status()
    assert await found(alice, "guttre") == ["Repair the gutter"]
    assert await found(alice, "fenec") == []  # the old title's word matches no task now
    await create(alice, "Water the orchids")
    await create(alice, "Feed the orchids")
    assert sorted(await found(alice, "orhcids")) == ["Feed the orchids", "Water the orchids"]


async def test_title_match_ranks_above_description_match_above_typo(
    alice: httpx.AsyncClient,
) -> None:
    # Created in the reverse of the expected order, so neither age nor id explains the result.
    typo = await create(alice, "Buy grocries")
    description = await create(alice, "Errands", description="groceries and stamps")
    title = await create(alice, "Groceries for the week")
    page = await listing(alice, {"q": "groceries"})
    assert [item["id"] for item in page["items"]] == [title["id"], description["id"], typo["id"]]
    explicit = await listing(alice, {"q": "groceries", "sort": "relevance", "order": "desc"})
    assert explicit == page
    ascending = await listing(alice, {"q": "groceries", "sort": "relevance", "order": "asc"})
    assert ascending["items"] == page["items"][::-1]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("%", []),
        ("%%%", []),
        ("_", []),
        ("___", []),
        ("'", []),
        ("''", []),
        ("\\", []),
        ("\\\\x", []),
        (":*", []),
        ("&|!()", []),
        ("<->", []),
        ("'; DROP TABLE tasks;--", []),
        ("groc:*", ["Buy groceries"]),
        ("!groc", ["Buy groceries"]),
        ("groc%", ["Buy groceries"]),
        ("(groc)", ["Buy groceries"]),
        ("groc | rent", []),  # '|' is not OR: both words must match
        ("groc & !buy", ["Buy groceries"]),  # nor is '!' NOT
        ("100%", ["100% done"]),
        ("snake_case", ["snake_case rename"]),
        ("it's", ["it's fine"]),
    ],
)
async def test_query_syntax_characters_are_plain_text(
    alice: httpx.AsyncClient, q: str, expected: list[str]
) -> None:
    everything = ["Buy groceries", "Pay rent", "100% done", "snake_case rename", "it's fine"]
    for title in everything:
        await create(alice, title)
    assert sorted(await found(alice, q)) == sorted(expected)
    # The table is still there and nothing else changed.
    assert sorted(await titles(alice, {"status": "all"})) == sorted(everything)


@pytest.mark.parametrize("q", ["", " ", "   \t  "])
async def test_empty_q_does_not_filter(library: httpx.AsyncClient, q: str) -> None:
    everything = await listing(library, {})
    assert len(everything["items"]) == len(LIBRARY)
    assert await listing(library, {"q": q}) == everything


async def test_search_combines_with_filters_and_sorts(alice: httpx.AsyncClient) -> None:
    await create(alice, "Buy groceries", priority="low", tags=["home"], due="2030-01-02T00:00:00Z")
    wanted = await create(
        alice, "Groceries run", priority="high", tags=["home", "car"], due="2030-01-01T00:00:00Z"
    )
    later = await create(alice, "Grocery list", priority="high", tags=["home"])
    done = await create(alice, "Groceries again", priority="high", tags=["home"])
    await alice.post(f"/api/tasks/{done['id']}/complete")
    await create(alice, "Pay rent", priority="high", tags=["home"], due="2030-01-01T00:00:00Z")
    params = [("q", "grocery"), ("priority", "high"), ("priority", "urgent"), ("tag", "home")]
    assert [i["id"] for i in (await listing(alice, [*params, ("sort", "due")]))["items"]] == [
        wanted["id"],
        later["id"],
    ]
    dated = await listing(alice, [*params, ("due_before", "2031-01-01")])
    assert [item["id"] for item in dated["items"]] == [wanted["id"]]
    everything = await listing(alice, [*params, ("status", "all"), ("sort", "title")])
    assert [item["title"] for item in everything["items"]] == [
        "Groceries again",
        "Groceries run",
        "Grocery list",
    ]


async def test_search_with_a_sort_pages_through_every_match(
    sessions: Sessions,
) -> None:
    owner = new_owner()
    rng = random.Random(7)
    rows = await insert(sessions, owner, random_specs(rng, 40))
    alphas = [row for row in rows if row.title.lower() == "alpha"]
    assert len(alphas) >= 5
    for sort in SORTS:
        for order in ("asc", "desc"):
            expected = ordered(alphas, sort, order)
            params = {"q": "alpha", "status": "all", "sort": sort, "order": order}
            assert await walk(sessions, owner, 2, **params) == expected, (sort, order)
    # Every match ranks the same: relevance falls back to the id, and still pages exactly.
    by_relevance = sorted((row.id for row in alphas), reverse=True)
    assert await walk(sessions, owner, 3, q="alpha", status="all") == by_relevance


async def test_relevance_pages_through_many_equal_scores(sessions: Sessions) -> None:
    owner = new_owner()
    specs = (
        [{"title": "Write report"}] * 9
        + [{"title": "Report on report"}] * 4
        + [{"title": "Errands", "description": "print the report"}] * 6
        + [{"title": "Wirte reprot"}] * 3  # a typo: two neighbouring letters swapped
        + [{"title": "Write rapport"}] * 2  # neither a prefix, a stem nor one typo away
    )
    await insert(sessions, owner, [dict(spec) for spec in specs])
    whole = await search(sessions, owner, q="report", limit=200)
    assert len(whole.items) == 9 + 4 + 6 + 3
    titles_in_order = [row.title for row in whole.items]
    # Title matches first, description-only matches after them, typos last.
    assert set(titles_in_order[:13]) == {"Write report", "Report on report"}
    assert set(titles_in_order[13:19]) == {"Errands"}
    assert set(titles_in_order[19:]) == {"Wirte reprot"}
    for limit in (1, 2, 5):
        assert await walk(sessions, owner, limit, q="report") == [r.id for r in whole.items]


# --- filters ---------------------------------------------------------------------------------


async def test_status_filter(alice: httpx.AsyncClient) -> None:
    await create(alice, "open one")
    done = await create(alice, "done one")
    await alice.post(f"/api/tasks/{done['id']}/complete")
    assert await titles(alice, {}) == ["open one"]  # open is the default
    assert await titles(alice, {"status": "open"}) == ["open one"]
    assert await titles(alice, {"status": "completed"}) == ["done one"]
    assert sorted(await titles(alice, {"status": "all"})) == ["done one", "open one"]


async def test_priority_filter_takes_any_of_a_list(alice: httpx.AsyncClient) -> None:
    for priority in ("none", "low", "medium", "high", "urgent"):
        await create(alice, f"p {priority}", priority=priority)
    pick = [("priority", "high"), ("priority", "urgent"), ("sort", "priority")]
    assert await titles(alice, pick) == ["p urgent", "p high"]
    assert await titles(alice, {"priority": "none"}) == ["p none"]
    assert await titles(alice, [("priority", "low"), ("priority", "low")]) == ["p low"]


async def test_priority_sort_ascending_is_urgent_first_like_todoist(
    alice: httpx.AsyncClient,
) -> None:
    for priority in ("low", "none", "urgent", "medium", "high"):
        await create(alice, f"p {priority}", priority=priority)
    urgent_first = ["p urgent", "p high", "p medium", "p low", "p none"]
    assert await titles(alice, {"sort": "priority", "order": "asc"}) == urgent_first
    assert await titles(alice, {"sort": "priority"}) == urgent_first
    assert await titles(alice, {"sort": "priority", "order": "desc"}) == urgent_first[::-1]
    # Page by page, both ways, the cursor carries on where the last page stopped.
    for order, expected in (("asc", urgent_first), ("desc", urgent_first[::-1])):
        seen: list[str] = []
        params: dict[str, str] = {"sort": "priority", "order": order, "limit": "2"}
        while True:
            page = (await alice.get("/api/tasks", params=params)).json()
            seen += [item["title"] for item in page["items"]]
            if not page["next_cursor"]:
                break
            params["cursor"] = page["next_cursor"]
        assert seen == expected, order


async def test_tag_filter_needs_every_tag(alice: httpx.AsyncClient) -> None:
    await create(alice, "work only", tags=["work"])
    await create(alice, "work and urgent", tags=["work", "urgent"])
    await create(alice, "home and urgent", tags=["home", "urgent"])
    await create(alice, "untagged")
    assert sorted(await titles(alice, {"tag": "work"})) == ["work and urgent", "work only"]
    assert await titles(alice, [("tag", "work"), ("tag", "urgent")]) == ["work and urgent"]
    assert await titles(alice, [("tag", "#URGENT"), ("tag", "Home")]) == ["home and urgent"]
    assert await titles(alice, {"tag": "nothing"}) == []


async def test_due_range_bounds_and_plain_dates(alice: httpx.AsyncClient) -> None:
    dues = {
        "E": "2030-02-28T23:59:59Z",
        "A": "2030-03-01T00:00:00Z",
        "B": "2030-03-09T23:59:59Z",
        "C": "2030-03-10T00:00:00Z",
        "D": "2030-03-09T20:00:00-05:00",  # 01:00 UTC on the 10th
    }
    for name, due in dues.items():
        await create(alice, name, due=due)
    await create(alice, "undated")

    async def between(**bounds: str) -> list[str]:
        return await titles(alice, bounds)

    # due_after is inclusive, due_before exclusive; a bare date is midnight UTC.
    assert await between(due_after="2030-03-01", due_before="2030-03-10") == ["A", "B"]
    assert await between(due_before="2030-03-10T01:00:00+00:00") == ["E", "A", "B", "C"]
    assert await between(due_after="2030-03-10") == ["C", "D"]
    assert await between(due_after="2030-03-10T02:00:00+02:00") == ["C", "D"]
    assert await between(due_after="2030-03-01T00:00:00Z", due_before="2030-03-01T00:00:01Z") == [
        "A"
    ]
    assert await between(due_after="2030-03-11") == []


async def test_overdue_filter_and_undated_tasks(alice: httpx.AsyncClient) -> None:
    await create(alice, "late", due="2020-01-01T00:00:00Z")
    done = await create(alice, "late but done", due="2020-01-02T00:00:00Z")
    await alice.post(f"/api/tasks/{done['id']}/complete")
    await create(alice, "future", due="2099-01-01T00:00:00Z")
    await create(alice, "undated")
    assert await titles(alice, {"overdue": "true"}) == ["late"]
    assert await titles(alice, {"overdue": "true", "status": "all"}) == ["late"]
    assert await titles(alice, {"overdue": "false"}) == ["future", "undated"]
    assert await titles(alice, {"overdue": "false", "status": "all"}) == [
        "late but done",
        "future",
        "undated",
    ]
    assert await titles(alice, {"overdue": "true", "status": "completed"}) == []


async def test_filters_combine(sessions: Sessions) -> None:
    owner = new_owner()
    rows = await insert(sessions, owner, random_specs(random.Random(11), 60))
    chosen = [
        row
        for row in rows
        if not row.completed
        and row.priority in (1, 2, 3)
        and "red" in row.tags
        and row.due is not None
        and at(1) <= row.due < at(40)
    ]
    assert chosen, "the seed should give some rows to find"
    page = await search(
        sessions,
        owner,
        priority=["low", "medium", "high"],
        tag=["red"],
        due_after=at(1).isoformat(),
        due_before="2026-04-10",  # = at(40)
        sort="priority",
        limit=200,
    )
    assert [row.id for row in page.items] == ordered(chosen, "priority", "asc")


# --- sorting and keyset pages ----------------------------------------------------------------


async def test_undated_tasks_come_last_in_both_orders(alice: httpx.AsyncClient) -> None:
    first = await create(alice, "first", due="2030-01-01T00:00:00Z")
    undated = [(await create(alice, f"undated {i}"))["id"] for i in range(3)]
    second = await create(alice, "second", due="2030-01-02T00:00:00Z")
    asc = await listing(alice, {"sort": "due"})
    assert [i["id"] for i in asc["items"]] == [first["id"], second["id"], *sorted(undated)]
    desc = await listing(alice, {"sort": "due", "order": "desc"})
    assert [i["id"] for i in desc["items"]] == [
        second["id"],
        first["id"],
        *sorted(undated, reverse=True),
    ]
    assert await listing(alice, {}) == asc  # sort=due asc is the default


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_every_sort_and_order_pages_through_every_row_once(
    sessions: Sessions, seed: int
) -> None:
    rng = random.Random(seed)
    owner = new_owner()
    rows = await insert(sessions, owner, random_specs(rng, 45))
    open_rows = [row for row in rows if not row.completed]
    for sort in SORTS:
        for order in ("asc", "desc"):
            expected = ordered(rows, sort, order)
            whole = await search(sessions, owner, status="all", sort=sort, order=order, limit=200)
            assert [row.id for row in whole.items] == expected, (sort, order)
            assert whole.next_cursor is None
            limit = rng.choice([1, 2, 3, 7])
            assert (
                await walk(sessions, owner, limit, status="all", sort=sort, order=order) == expected
            ), (sort, order, limit)
            assert await walk(sessions, owner, limit, sort=sort, order=order) == ordered(
                open_rows, sort, order
            ), (sort, order, limit)


@pytest.mark.parametrize(
    ("sort", "order"),
    [("due", None), ("due", "desc"), ("priority", None), ("priority", "asc"), ("created", None),
     ("updated", "asc"), ("title", None), ("title", "desc")],
)  # fmt: skip
async def test_pages_over_http_follow_the_default_orders(
    sessions: Sessions,
    make_client: Callable[[str | None], httpx.AsyncClient],
    sort: str,
    order: str | None,
) -> None:
    owner = new_owner()
    client = make_client(owner)
    rows = await insert(sessions, owner, random_specs(random.Random(sort), 30))
    defaults = {"due": "asc", "priority": "asc", "created": "desc", "title": "asc"}
    effective = order or defaults[sort]
    params = {"status": "all", "sort": sort, **({"order": order} if order else {})}
    expected = [str(row_id) for row_id in ordered(rows, sort, effective)]
    assert await walk_http(client, params, 4) == expected


async def test_a_page_of_exactly_the_remaining_rows_is_the_last(sessions: Sessions) -> None:
    owner = new_owner()
    await insert(sessions, owner, [{"title": f"t{i}"} for i in range(6)])
    first = await search(sessions, owner, sort="title", limit=3)
    assert first.next_cursor is not None
    second = await search(sessions, owner, sort="title", limit=3, cursor=first.next_cursor)
    assert [row.title for row in second.items] == ["t3", "t4", "t5"]
    assert second.next_cursor is None
    assert (await search(sessions, owner, sort="title", limit=6)).next_cursor is None


async def test_pages_stay_exact_when_rows_change_between_them(sessions: Sessions) -> None:
    owner = new_owner()
    rows = await insert(sessions, owner, [{"title": f"t{i:02}"} for i in range(10)])
    first = await search(sessions, owner, sort="title", limit=4)
    assert [row.title for row in first.items] == ["t00", "t01", "t02", "t03"]
    # A row before the cursor disappears and one after it appears: nothing shifts or repeats.
    async with sessions() as session, session.begin():
        await session.execute(text("DELETE FROM tasks WHERE id = :id"), {"id": rows[1].id})
    await insert(sessions, owner, [{"title": "t055"}])
    rest = await walk_after(sessions, owner, first.next_cursor)
    assert rest == ["t04", "t05", "t055", "t06", "t07", "t08", "t09"]


async def walk_after(sessions: Sessions, owner: str, cursor: str | None) -> list[str]:
    seen: list[str] = []
    while cursor is not None:
        page = await search(sessions, owner, sort="title", limit=4, cursor=cursor)
        seen += [row.title for row in page.items]
        cursor = page.next_cursor
    return seen


# --- cursors ---------------------------------------------------------------------------------


def cursor_payload(cursor: str) -> dict[str, Any]:
    return dict(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))


def make_cursor(payload: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.fixture
async def three(alice: httpx.AsyncClient) -> httpx.AsyncClient:
    await create(alice, "one", due="2030-01-01T00:00:00Z", priority="high", tags=["x"])
    await create(alice, "two", due="2030-01-02T00:00:00Z", priority="high", tags=["x"])
    await create(alice, "three", priority="urgent", tags=["x"])
    return alice


@pytest.mark.parametrize(
    "change",
    [
        {"q": "one"},
        {"status": "all"},
        {"priority": "high"},
        {"tag": "x"},
        {"due_before": "2031-01-01"},
        {"due_after": "2020-01-01"},
        {"overdue": "false"},
        {"sort": "title"},
        {"sort": "priority"},
        {"order": "desc"},
    ],
)
async def test_a_cursor_only_continues_its_own_query(
    three: httpx.AsyncClient, change: dict[str, str]
) -> None:
    cursor = (await listing(three, {"limit": "1"}))["next_cursor"]
    assert cursor is not None
    message = await refused(
        three, {"limit": "1", "cursor": cursor, **change}, 400, "invalid_cursor"
    )
    assert "different query" in message


async def test_a_cursor_may_change_the_page_size_and_spell_out_defaults(
    three: httpx.AsyncClient,
) -> None:
    cursor = (await listing(three, {"limit": "1"}))["next_cursor"]
    rest = await titles(three, {"limit": "5", "cursor": cursor})
    assert rest == ["two", "three"]
    explicit = {"sort": "due", "order": "asc", "status": "open", "limit": "5", "cursor": cursor}
    assert await titles(three, explicit) == rest


async def test_a_cursor_survives_reordered_filter_values(three: httpx.AsyncClient) -> None:
    params = [("priority", "high"), ("priority", "urgent"), ("tag", "x"), ("tag", "#X")]
    cursor = (await listing(three, [*params, ("limit", "1")]))["next_cursor"]
    swapped = [("priority", "urgent"), ("priority", "high"), ("tag", "x")]
    assert await titles(three, [*swapped, ("cursor", cursor)]) == ["two", "three"]


async def test_another_users_cursor_is_refused(
    three: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    await create(bob, "bob's")
    await create(bob, "bob's too")
    cursor = (await listing(three, {"limit": "1"}))["next_cursor"]
    assert cursor is not None
    await refused(bob, {"limit": "1", "cursor": cursor}, 400, "invalid_cursor")


def tampered(cursor: str, values: list[Any]) -> str:
    """The same cursor, still claiming its query, with other sort-key values."""
    return make_cursor({**cursor_payload(cursor), "k": values})


async def test_garbled_or_forged_cursors_are_400_never_500(three: httpx.AsyncClient) -> None:
    by_priority = {"sort": "priority", "limit": "1"}
    cursor = (await listing(three, by_priority))["next_cursor"]
    assert cursor is not None
    _, due, task_id = cursor_payload(cursor)["k"]
    forged = [
        "x",
        "!!!!",
        "%%%%",
        cursor[:-3],
        cursor + "AAAA",
        make_cursor({}),
        make_cursor([]),
        base64.urlsafe_b64encode(b"[" * 1500).decode(),  # deeper than json.loads goes
        make_cursor({**cursor_payload(cursor), "v": 2}),
        make_cursor({**cursor_payload(cursor), "v": "1"}),
        make_cursor({k: v for k, v in cursor_payload(cursor).items() if k != "k"}),
        tampered(cursor, [4, due]),
        tampered(cursor, [4, due, task_id, 1]),
        tampered(cursor, [10**30, due, task_id]),
        tampered(cursor, [40_000, due, task_id]),
        tampered(cursor, [5, due, task_id]),
        tampered(cursor, [-1, due, task_id]),
        tampered(cursor, ["4", due, task_id]),
        tampered(cursor, [True, due, task_id]),
        tampered(cursor, [4.5, due, task_id]),
        tampered(cursor, [None, due, task_id]),
        tampered(cursor, [4, "0001-01-01T00:00:00+01:00", task_id]),
        tampered(cursor, [4, "9999-12-31T23:59:59-14:00", task_id]),
        tampered(cursor, [4, "2030-01-01T00:00:00", task_id]),
        tampered(cursor, [4, "next tuesday", task_id]),
        tampered(cursor, [4, 1893456000, task_id]),
        tampered(cursor, [4, due, "not-a-uuid"]),
        tampered(cursor, [4, due, None]),
        tampered(cursor, [4, due, 7]),
    ]
    for bad in forged:
        await refused(three, {**by_priority, "cursor": bad}, 400, "invalid_cursor")

    by_title = {"sort": "title", "limit": "1"}
    cursor = (await listing(three, by_title))["next_cursor"]
    _, task_id = cursor_payload(cursor)["k"]
    for title in ("a\u0000b", "\ud800", None, 3):
        await refused(
            three, {**by_title, "cursor": tampered(cursor, [title, task_id])}, 400, "invalid_cursor"
        )

    by_relevance = {"q": "one", "limit": "1"}
    await create(three, "one more")
    cursor = (await listing(three, by_relevance))["next_cursor"]
    _, task_id = cursor_payload(cursor)["k"]
    for score in (float("nan"), float("inf"), "1.0", None):
        await refused(
            three,
            {**by_relevance, "cursor": tampered(cursor, [score, task_id])},
            400,
            "invalid_cursor",
        )


async def test_a_forged_but_wellformed_cursor_just_moves_the_start(
    three: httpx.AsyncClient,
) -> None:
    cursor = (await listing(three, {"sort": "title", "limit": "1"}))["next_cursor"]
    # Not a secret: a cursor the client edits itself pages from where it says, nothing more.
    start = tampered(cursor, ["p", str(uuid.UUID(int=0))])
    assert await titles(three, {"sort": "title", "cursor": start}) == ["three", "two"]


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "201", "-1", "abc", "1.5", ""])
async def test_limit_out_of_range_is_422(alice: httpx.AsyncClient, limit: str) -> None:
    message = await refused(alice, {"limit": limit}, 422, "validation_error")
    assert "limit" in message


async def test_limit_bounds_are_accepted(sessions: Sessions) -> None:
    owner = new_owner()
    await insert(sessions, owner, [{"title": f"t{i:03}"} for i in range(201)])
    assert len((await search(sessions, owner, limit=1)).items) == 1
    assert len((await search(sessions, owner)).items) == 50  # the default
    page = await search(sessions, owner, limit=200)
    assert len(page.items) == 200 and page.next_cursor is not None


async def test_limit_bounds_over_http(alice: httpx.AsyncClient) -> None:
    await create(alice, "only")
    for limit in ("1", "200"):
        assert await titles(alice, {"limit": limit}) == ["only"]


@pytest.mark.parametrize(
    ("params", "mentions"),
    [
        ({"surprise": "1"}, "unknown field"),
        ({"Status": "open"}, "unknown field"),
        ({"page": "2"}, "unknown field"),
        ({"status": "done"}, "status"),
        ({"priority": "p1"}, "priority"),
        ({"sort": "rank"}, "sort"),
        ({"sort": "relevance"}, "relevance"),
        ({"order": "up"}, "order"),
        ({"overdue": "maybe"}, "overdue"),
        ({"tag": "two words"}, "tag"),
        ({"tag": ""}, "tag"),
        ({"q": "x" * 201}, "q"),
        ({"q": "groc\u0000eries"}, "NUL"),
        ({"due_before": "tomorrow"}, "due_before"),
        ({"due_before": "2026-13-01"}, "due_before"),
        ({"due_before": "2026-02-30"}, "due_before"),
        ({"due_after": "2026-03-01T10:00:00"}, "due_after"),
        ({"due_after": "1767225600"}, "due_after"),
        ({"due_before": "9999-12-31T23:59:59-14:00"}, "due_before"),
        ({"due_after": "0001-01-01T00:00:00+01:00"}, "due_after"),
        ({"cursor": "x" * 2049}, "cursor"),
    ],
)
async def test_bad_query_values_are_422(
    alice: httpx.AsyncClient, params: dict[str, str], mentions: str
) -> None:
    message = await refused(alice, params, 422, "validation_error")
    assert mentions in message


async def test_extreme_but_valid_bounds_work(alice: httpx.AsyncClient) -> None:
    await create(alice, "dated", due="2030-01-01T00:00:00Z")
    assert await titles(alice, {"due_after": "0001-01-01", "due_before": "9999-12-31"}) == ["dated"]
    assert await titles(alice, {"due_before": "9999-12-31T23:59:59+14:00"}) == ["dated"]


async def test_invalid_cursor_with_search_text_is_refused_before_any_query(
    sessions: Sessions,
) -> None:
    with pytest.raises(InvalidCursor):
        await search(sessions, new_owner(), q="groc", cursor="garbage")


# --- isolation -------------------------------------------------------------------------------


async def test_a_search_never_returns_another_users_tasks(
    alice: httpx.AsyncClient, bob: httpx.AsyncClient
) -> None:
    for client in (alice, bob):
        for title, description in LIBRARY:
            await create(client, title, description=description, tags=["x"], priority="high")
    bobs = {item["id"] for item in (await listing(bob, {"status": "all", "limit": "200"}))["items"]}
    alices = {item["id"] for item in (await listing(alice, {"status": "all"}))["items"]}
    assert len(bobs) == len(alices) == len(LIBRARY) and not bobs & alices
    searches: list[Params] = [
        {"q": "groc"},
        {"q": "dentst"},
        {"q": "rent", "sort": "title"},
        {"tag": "x", "priority": "high"},
        {"overdue": "false"},
        *[{"sort": sort, "status": "all"} for sort in SORTS],
    ]
    for params in searches:
        seen = await walk_http(bob, params, 2)
        assert seen and set(seen) <= bobs, params
