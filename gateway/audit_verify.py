"""`todo audit verify`: walk every user's activity chain and report what no longer matches,
and every entry the audit writer did not write (core/activity_chain.py)."""

from __future__ import annotations

from core.activity import ChainProblem
from core.activity_chain import chain_keys, verify_keyed_chain
from core.services.activity import read_chains
from core.signing import KeyRing, current_ring
from core.store.db import make_engine, make_sessionmaker


async def verify_all(
    database_url: str, ring: KeyRing | None = None
) -> tuple[list[ChainProblem], int]:
    """Problems found in every chain, and how many entries were checked.

    `ring` holds the event signing keys the audit writer derives its chain key from (default:
    this process's, i.e. EVENT_SIGNING_KEY); an entry no key made is reported.
    """
    keys = chain_keys(ring or current_ring("todo audit verify"))
    engine = make_engine(database_url, pool_size=1)
    problems: list[ChainProblem] = []
    checked = 0
    try:
        async with make_sessionmaker(engine)() as session:
            chains = await read_chains(session)
        for owner, chain in chains:
            checked += len(chain)
            problems += verify_keyed_chain(owner, chain, keys)
    finally:
        await engine.dispose()
    return problems, checked
