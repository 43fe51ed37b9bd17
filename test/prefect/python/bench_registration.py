"""Times real Prefect's run_block_auto_registration into an empty SQLite database, for `npm run bench`.

Usage: python bench_registration.py RUNS DATABASE_FILE

Each run drops and recreates Prefect's tables in DATABASE_FILE (not timed), then times
run_block_auto_registration in one session: the three phases a server start-up runs (protected
system blocks, the 14 built-ins, the catalogue of 40). Prints one JSON line:
{"runs_ms": [...], "block_types": n, "block_schemas": n}.
"""

import asyncio
import json
import sys
import time

from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL, temporary_settings


async def main(runs: int, path: str) -> None:
    import sqlalchemy as sa
    from prefect.server.database import provide_database_interface
    from prefect.server.models.block_registration import run_block_auto_registration

    db = provide_database_interface()
    results, types, schemas = [], 0, 0
    for _ in range(runs):
        await db.drop_db()
        await db.create_db()
        async with await db.session() as session:
            start = time.perf_counter()
            await run_block_auto_registration(session=session)
            results.append((time.perf_counter() - start) * 1000)
        async with await db.session() as session:
            count = lambda table: session.execute(sa.select(sa.func.count()).select_from(table))
            types = (await count(db.BlockType)).scalar()
            schemas = (await count(db.BlockSchema)).scalar()
    print(json.dumps({"runs_ms": results, "block_types": types, "block_schemas": schemas}))


if __name__ == "__main__":
    runs, path = int(sys.argv[1]), sys.argv[2]
    # Set before the database interface is first built: it keeps the URL it was made with.
    with temporary_settings({PREFECT_API_DATABASE_CONNECTION_URL: f"sqlite+aiosqlite:///{path}"}):
        asyncio.run(main(runs, path))
