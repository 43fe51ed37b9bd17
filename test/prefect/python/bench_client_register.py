"""Times Prefect's own client registering a catalogue's blocks on a server, for `npm run bench`.

Usage: PREFECT_API_URL=… python bench_client_register.py CATALOGUE_FILE

For each block type of CATALOGUE_FILE (Prefect's catalogue format), nested children first, it does
what `Block.aregister_type_and_schema` does through `prefect.client.orchestration.get_client()`:
read_block_type_by_slug, then update_block_type when Prefect's own `_should_update_block_type`
says so, or create_block_type (ObjectNotFound); then read_block_schema_by_checksum(checksum,
version), and create_block_schema when absent. Sequential, one request at a time, as Prefect's
client does. Each type is registered once (a Block class's own recursion would read a nested child
again with its parent: more requests, not fewer). Reading the file is not timed.
Prints one JSON line: {"ms": …, "block_types": n, "block_schemas": n, "types_created": n,
"schemas_created": n}.
"""

import asyncio
import json
import sys
import time

from prefect.blocks.core import _should_update_block_type
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import BlockSchemaCreate, BlockTypeCreate, BlockTypeUpdate
from prefect.client.schemas.objects import BlockType
from prefect.exceptions import ObjectNotFound

TYPE_FIELDS = ("name", "slug", "logo_url", "documentation_url", "description", "code_example")
UPDATABLE_FIELDS = ("logo_url", "documentation_url", "description", "code_example")


def children_first(entries: dict) -> list:
    """The catalogue's block types, each after the types its schema nests."""
    ordered, seen = [], set()

    def visit(slug: str, path: set) -> None:
        if slug in seen or slug in path or slug not in entries:
            return
        path.add(slug)
        references = entries[slug]["block_schema"]["fields"].get("block_schema_references", {})
        for reference in references.values():
            for child in reference if isinstance(reference, list) else [reference]:
                visit(child["block_type_slug"], path)
        path.discard(slug)
        seen.add(slug)
        ordered.append(entries[slug])

    for slug in entries:
        visit(slug, set())
    return ordered


async def register(entries: list) -> dict:
    counts = {"types_created": 0, "types_updated": 0, "schemas_created": 0}
    async with get_client() as client:
        for entry in entries:
            local = {field: entry.get(field) for field in TYPE_FIELDS}
            try:
                block_type = await client.read_block_type_by_slug(slug=entry["slug"])
                if _should_update_block_type(local_block_type=BlockType(**local), server_block_type=block_type):
                    await client.update_block_type(
                        block_type_id=block_type.id,
                        block_type=BlockTypeUpdate(**{field: local[field] for field in UPDATABLE_FIELDS}),
                    )
                    counts["types_updated"] += 1
            except ObjectNotFound:
                block_type = await client.create_block_type(block_type=BlockTypeCreate(**local))
                counts["types_created"] += 1
            schema = entry["block_schema"]
            try:
                await client.read_block_schema_by_checksum(checksum=schema["checksum"], version=schema["version"])
            except ObjectNotFound:
                await client.create_block_schema(
                    block_schema=BlockSchemaCreate(
                        fields=schema["fields"],
                        block_type_id=block_type.id,
                        capabilities=schema["capabilities"],
                        version=schema["version"],
                    )
                )
                counts["schemas_created"] += 1
    return counts


def main(path: str) -> None:
    with open(path, encoding="utf-8") as file:
        catalogue = json.load(file)
    entries = {}
    for collection in catalogue["collections"].values():
        for slug, entry in collection["block_types"].items():
            entries[slug] = entry
    ordered = children_first(entries)
    start = time.perf_counter()
    counts = asyncio.run(register(ordered))
    elapsed = (time.perf_counter() - start) * 1000
    print(json.dumps({"ms": elapsed, "block_types": len(ordered), "block_schemas": len(ordered), **counts}))


if __name__ == "__main__":
    main(sys.argv[1])
