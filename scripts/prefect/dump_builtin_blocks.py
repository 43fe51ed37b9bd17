"""Dump what real Prefect registers from its own code at server start-up.

Usage: python dump_builtin_blocks.py OUT_DIR [--date YYYY-MM-DD]

Writes OUT_DIR/system_blocks.json (the built-in block types with their schemas, in the shape
src/main/sources/bundled.ts reads) and OUT_DIR/collection_blocks_data.json (the catalogue shipped
inside the installed prefect package, byte for byte). Run it with the pinned venv
(scripts/prefect-venv.mjs); test/prefect/dump.test.ts re-runs it and compares.
"""

import argparse
import datetime
import json
import shutil
import sys
import uuid
from pathlib import Path

# What the server process has imported when its lifespan runs the registration: importing the
# server module pulls in exactly the Block classes a stock start-up registers (no installed
# collections: those are only imported by the memoised wrapper, see server.py).
import prefect.server.api.server  # noqa: F401
import prefect
import pydantic
import pydantic_core
from prefect.blocks.core import Block
from prefect.server.models import block_registration
from prefect.utilities.dispatch import get_registry_for_type

# _install_protected_system_blocks installs exactly these, in this order, as protected.
PROTECTED = [cls._to_block_type().slug for cls in (
    block_registration.Webhook, block_registration.Secret, block_registration.LocalFileSystem)]


def entry(cls):
    block_type = cls._to_block_type().model_dump(mode="json")
    # Any id will do: it is not part of the schema or its checksum.
    schema = cls._to_block_schema(block_type_id=uuid.UUID(int=0))
    return {
        "class": f"{cls.__module__}.{cls.__qualname__}",
        "slug": block_type["slug"],
        "name": block_type["name"],
        "description": block_type["description"],
        "documentation_url": block_type["documentation_url"],
        "logo_url": block_type["logo_url"],
        "code_example": block_type["code_example"],
        "is_protected": block_type["slug"] in PROTECTED,
        "block_schema": {
            "fields": schema.fields,
            "checksum": schema.checksum,
            # Prefect keeps a list(frozenset): its order changes per process, sorted here.
            "capabilities": sorted(schema.capabilities),
            "version": schema.version,
        },
    }


def children_first(entries):
    """Registry order, except that a block another block nests comes before it."""
    by_slug = {e["slug"]: e for e in entries}
    ordered, seen = [], set()

    def visit(e):
        if e["slug"] in seen:
            return
        seen.add(e["slug"])
        for ref in e["block_schema"]["fields"].get("block_schema_references", {}).values():
            for r in ref if isinstance(ref, list) else [ref]:
                if r["block_type_slug"] in by_slug:
                    visit(by_slug[r["block_type_slug"]])
        ordered.append(e)

    for e in entries:
        visit(e)
    return ordered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    args = parser.parse_args()

    # _register_registry_blocks iterates a snapshot of this registry.
    classes = list((get_registry_for_type(Block) or {}).values())
    document = {
        "_about": (
            "Prefect's built-in block types as a stock Prefect server registers them at start-up "
            "(_install_protected_system_blocks, then _register_registry_blocks), dumped from the "
            "installed package by scripts/prefect/dump_builtin_blocks.py: _to_block_type() and "
            "_to_block_schema() of every Block class in the registry, nested blocks first."
        ),
        "generated_with": {
            "prefect": prefect.__version__,
            "pydantic": pydantic.VERSION,
            "pydantic_core": pydantic_core.__version__,
        },
        "generated_on": args.date,
        "protected_install_order": PROTECTED,
        "block_types": children_first([entry(cls) for cls in classes]),
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    (args.out_dir / "system_blocks.json").write_text(text, encoding="utf-8")
    shutil.copyfile(block_registration.COLLECTIONS_BLOCKS_DATA_PATH, args.out_dir / "collection_blocks_data.json")
    print(f"{len(classes)} built-in block types, prefect {prefect.__version__}, pydantic {pydantic.VERSION}", file=sys.stderr)


if __name__ == "__main__":
    main()
