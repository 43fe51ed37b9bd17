"""Spec §10 scenarios (Prefect's tests/server/models/test_block_schemas.py and friends) run on real
Prefect's model layer, for test/prefect/scenarios.test.ts to replay on ours.

Usage: python scenarios.py DATABASE_FILE

Prints one JSON document: a list of scenarios, each with
- "types": the block types registered first (client `_to_block_type()`),
- "steps": the schemas then created in order (client `_to_block_schema()`: fields, checksum,
  capabilities, version) with what Prefect's create_block_schema returned (checksum) or raised,
- "prefect": what Prefect's database holds afterwards: every schema read back (newest first) and
  the row counts, plus the reads the scenario asks for (by checksum with or without version, by
  capability filter).
"""

import asyncio
import json
import sys
import uuid
from enum import Enum
from typing import Dict, List, Optional, Union

from pydantic import BaseModel, SecretStr

from prefect.blocks.core import Block
from prefect.settings import PREFECT_API_DATABASE_CONNECTION_URL, temporary_settings


# The classes of Prefect's own tests (spec §10), with a few of the shapes found on 3.9.1.
class A(Block):
    d: str
    e: SecretStr


class Y(Block):
    a: str
    b: int = 1


class Z(Block):
    a: A
    c: Optional[int] = None


class X(Block):
    y: Y
    z: Z


class XUsesAtwice(Block):
    y: Z
    a: A


class Union_(Block):
    _block_type_slug = "union-parent"
    u: Union[Y, Z]


class ListParent(Block):
    children: List[Y]


class DictParent(Block):
    children: Dict[str, Y]


class Plain(BaseModel):
    x: str
    y: float = 1e16


class Other(BaseModel):
    z: List[Plain]


class Color(str, Enum):
    RED = "red"
    BLUE = "blue"


class NonBlock(Block):
    plain: Plain
    either: Union[Plain, Other]
    many: List[Plain]
    color: Color = Color.RED


class Mixed(Block):
    plain: Plain
    child: Z


class Bird(Block):
    _block_schema_capabilities = ["fly"]
    x: int = 0


class Duck(Block):
    _block_schema_capabilities = ["fly", "swim"]
    x: int = 0


class Cat(Block):
    _block_schema_capabilities = ["run"]
    x: int = 0


def schema(cls, version=None):
    s = cls._to_block_schema(block_type_id=uuid.UUID(int=0))
    if version is not None:
        s.version = version
    return s


SCENARIOS = {
    "create_nested_block_schema (parent first, children implicit)": ([Y, A, Z, X], [(X, None)]),
    "create_nested_block_schema, children first": ([Y, A, Z, X], [(A, None), (Z, None), (Y, None), (X, None)]),
    "multiply used block stored once": ([A, Z, XUsesAtwice], [(XUsesAtwice, None)]),
    "union of blocks": ([Y, A, Z, Union_], [(Union_, None)]),
    "list of a block": ([Y, ListParent], [(ListParent, None)]),
    "dict of a block: no $ref, the child cannot be created from the parent": ([Y, DictParent], [(DictParent, None)]),
    "dict of a block, child registered first": ([Y, DictParent], [(Y, None), (DictParent, None)]),
    "non-block objects, unions, lists, enums round-trip": ([NonBlock], [(NonBlock, None)]),
    "block and non-block attributes": ([A, Z, Mixed], [(Mixed, None)]),
    "idempotent for nested blocks: parent, then child": ([Y, A, Z, X], [(X, None), (Z, None), (X, None)]),
    "same checksum, two versions": ([Y], [(Y, "1.0.1"), (Y, "1.1.0"), (Y, "1.0.1")]),
    "capabilities": ([Bird, Duck, Cat], [(Bird, None), (Duck, None), (Cat, None)]),
}
CAPABILITY_FILTERS = [["fly"], ["swim"], ["fly", "swim"], ["run"], []]


async def run(db, types, steps):
    import sqlalchemy as sa
    from prefect.server import models, schemas

    # An empty block registry per scenario (faster than recreating every table).
    async with await db.session() as session:
        async with session.begin():
            for table in (db.BlockSchemaReference, db.BlockSchema, db.BlockType):
                await session.execute(sa.delete(table))
    type_ids = {}
    async with await db.session() as session:
        async with session.begin():
            for cls in types:
                block_type = schemas.core.BlockType.model_validate(cls._to_block_type().model_dump(mode="json"))
                created = await models.block_types.create_block_type(session=session, block_type=block_type)
                type_ids[cls] = created.id
    out_steps = []
    for cls, version in steps:
        client = schema(cls, version)
        step = {
            "slug": cls.get_block_type_slug(),
            "fields_json": json.dumps(client.fields),
            "checksum": client.checksum,
            "capabilities": sorted(client.capabilities),
            "version": client.version,
        }
        try:
            async with await db.session() as session:
                async with session.begin():
                    server_schema = schemas.core.BlockSchema.model_validate(
                        {**client.model_dump(mode="json"), "block_type_id": str(type_ids[cls])}
                    )
                    created = await models.block_schemas.create_block_schema(session=session, block_schema=server_schema)
                    step["prefect_checksum"] = created.checksum
        except Exception as error:
            step["prefect_error"] = f"{type(error).__name__}: {error}"
        out_steps.append(step)

    async with await db.session() as session:
        read = await models.block_schemas.read_block_schemas(session=session)
        count = lambda table: session.execute(sa.select(sa.func.count()).select_from(table))
        result = {
            "schemas": [
                {
                    "slug": s.block_type.slug,
                    "checksum": s.checksum,
                    "version": s.version,
                    "capabilities": sorted(s.capabilities),
                    "fields_json": json.dumps(s.fields),
                }
                for s in read
            ],
            "counts": {
                "block_type": (await count(db.BlockType)).scalar(),
                "block_schema": (await count(db.BlockSchema)).scalar(),
                "block_schema_reference": (await count(db.BlockSchemaReference)).scalar(),
            },
            "by_checksum": {},
            "by_capabilities": {},
        }
        for step in out_steps:
            for version in (None, step["version"]):
                found = await models.block_schemas.read_block_schema_by_checksum(
                    session=session, checksum=step["checksum"], version=version
                )
                result["by_checksum"][f"{step['checksum']} {version}"] = None if found is None else found.version
        for capabilities in CAPABILITY_FILTERS:
            found = await models.block_schemas.read_block_schemas(
                session=session,
                block_schema_filter=schemas.filters.BlockSchemaFilter(
                    block_capabilities=schemas.filters.BlockSchemaFilterCapabilities(all_=capabilities)
                ),
            )
            result["by_capabilities"][",".join(capabilities)] = [s.block_type.slug for s in found]
    return {
        "types": [cls._to_block_type().model_dump(mode="json") for cls in types],
        "steps": out_steps,
        "prefect": result,
    }


async def main(path):
    from prefect.server.database import provide_database_interface

    db = provide_database_interface()
    await db.create_db()
    out = []
    for name, (types, steps) in SCENARIOS.items():
        out.append({"name": name, **await run(db, types, steps)})
    print(json.dumps(out))


if __name__ == "__main__":
    with temporary_settings({PREFECT_API_DATABASE_CONNECTION_URL: f"sqlite+aiosqlite:///{sys.argv[1]}"}):
        asyncio.run(main(sys.argv[1]))
