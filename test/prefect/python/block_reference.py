"""Prefect's own view of named block classes in a file or module, computed without Block Registry's
extraction script: the reference the Python import tests compare against.

    python block_reference.py --file PATH Class...   |   --module NAME Class...

Prints one JSON list, in the order given: each class's `_to_block_type()` fields and its
`_to_block_schema()` fields, checksum, capabilities and version.
"""

import importlib
import importlib.util
import json
import os
import sys


def main():
    kind, target, *names = sys.argv[1:]
    # What the module prints goes to stderr: stdout carries only the reference.
    out = os.dup(1)
    os.dup2(2, 1)
    if kind == "--file":
        # Named after the file, as `prefect block register -f` names it: the default code example
        # (`from many_blocks import Leaf`) says the module's name.
        spec = importlib.util.spec_from_file_location(os.path.splitext(os.path.basename(target))[0], target)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    else:
        module = importlib.import_module(target)
    result = []
    for name in names:
        cls = getattr(module, name)
        block_type = cls._to_block_type().model_dump(mode="json")
        schema = cls._to_block_schema()
        result.append(
            {
                "class": name,
                "block_type": {key: block_type[key] for key in ("name", "slug", "logo_url", "documentation_url", "description", "code_example")},
                "fields": schema.fields,
                "checksum": schema.checksum,
                "capabilities": list(schema.capabilities),
                "version": schema.version,
            }
        )
    os.write(out, json.dumps(result).encode("utf-8"))


if __name__ == "__main__":
    main()
