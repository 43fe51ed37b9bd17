"""Prefect's own schema and checksum for Block classes, one JSON object per line on stdout.

Usage: python block_schemas.py [--registry] [--module FILE.py ...]

--registry: every Block class the installed Prefect and its collections register (built-ins plus
            prefect.plugins.load_prefect_collections(), as a memoised server start-up does).
--module:   import FILE.py and report the classes it lists in GENERATED (random classes written
            by test/prefect/generate-blocks.ts).

Each line: {"source", "class", "slug", "fields_json", "checksum", "version", "capabilities"}, where
fields_json is `json.dumps(fields)` exactly as Python writes it (floats and all); or
{"source", "class", "error"} when Prefect itself cannot build the schema.
"""

import argparse
import importlib.util
import json
import sys
import uuid

import prefect.plugins
from prefect.blocks.core import Block
from prefect.utilities.dispatch import get_registry_for_type


def report(source, cls):
    name = f"{cls.__module__}.{cls.__qualname__}"
    try:
        schema = cls._to_block_schema(block_type_id=uuid.UUID(int=0))
        line = {
            "source": source,
            "class": name,
            "slug": cls.get_block_type_slug(),
            "fields_json": json.dumps(schema.fields),
            "checksum": schema.checksum,
            "version": schema.version,
            "capabilities": sorted(schema.capabilities),
        }
    except Exception as error:  # reported, and the test fails on it
        line = {"source": source, "class": name, "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(line))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", action="store_true")
    parser.add_argument("--module", action="append", default=[])
    args = parser.parse_args()

    if args.registry:
        prefect.plugins.load_prefect_collections()
        for cls in list((get_registry_for_type(Block) or {}).values()):
            report("registry", cls)
    for index, path in enumerate(args.module):
        spec = importlib.util.spec_from_file_location(f"generated_blocks_{index}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for cls in module.GENERATED:
            report("generated", cls)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
