"""Every Block class of the named Prefect collections, with Prefect's own view of each: the reference
the collections suite compares against (test/prefect/collections.test.ts).

    python collection_blocks.py PACKAGE... [--file FILE]  print the classes and Prefect's view of them
                                                    (FILE's classes as a collection `generated`)
    python collection_blocks.py --register MODULE...  `prefect block register -m MODULE` for each (and
                                                    `-f FILE` for a name ending in .py), in one
                                                    process (PREFECT_API_URL names the server)

Classes are found as a user would reach them: every submodule of each package is imported
(`pkgutil.walk_packages`), so that classes defined only in a submodule (`prefect_dbt.cli.configs`)
count; a class counts once, under the module that defines it, when Prefect can register it (not
`Block` itself, not an abstract interface). For each: the defining module, `_to_block_type()` and
`_to_block_schema()` (fields, checksum, capabilities, version). Submodules that do not import
(an optional dependency missing) are listed with Python's last line.
"""

import asyncio
import importlib
import inspect
import json
import os
import pkgutil
import sys
import traceback
import warnings


def registrable(cls):
    from abc import ABC

    from prefect.blocks.core import Block

    return inspect.isclass(cls) and issubclass(cls, Block) and cls is not Block and ABC not in cls.__bases__


def classes_of(package):
    root = importlib.import_module(package)
    names = [package] + [info.name for info in pkgutil.walk_packages(root.__path__, package + ".")]
    found = {}
    failed = []
    for name in names:
        try:
            module = importlib.import_module(name)
        except BaseException as error:  # noqa: BLE001 - an optional dependency missing is a fact to report
            failed.append({"module": name, "error": traceback.format_exception_only(type(error), error)[-1].strip()})
            continue
        for _, member in inspect.getmembers(module, registrable):
            if member.__module__.split(".")[0] == package:
                found.setdefault("%s.%s" % (member.__module__, member.__qualname__), member)
    distribution = package.replace("_", "-")
    try:
        from importlib.metadata import version

        package_version = version(distribution)
    except Exception:  # noqa: BLE001
        package_version = None
    return {"package": package, "distribution": distribution, "version": package_version, "classes": described(found), "failed_modules": failed}


def classes_of_file(path):
    from prefect.utilities.importtools import load_script_as_module

    module = load_script_as_module(path)
    found = {"%s.%s" % (module.__name__, member.__qualname__): member for _, member in inspect.getmembers(module, registrable) if member.__module__ == module.__name__}
    return {"package": "generated", "distribution": "generated", "version": None, "classes": described(found), "failed_modules": []}


def described(found):
    classes = []
    for qualified, cls in sorted(found.items()):
        block_type = cls._to_block_type().model_dump(mode="json")
        schema = cls._to_block_schema()
        classes.append(
            {
                "class": qualified,
                "module": cls.__module__,
                "block_type": {key: block_type[key] for key in ("name", "slug", "logo_url", "documentation_url", "description", "code_example")},
                "fields": schema.fields,
                "checksum": schema.checksum,
                "capabilities": sorted(schema.capabilities),
                "version": schema.version,
            }
        )
    return classes


async def register(targets):
    # Prefect's own `prefect block register -m MODULE` / `-f FILE`: the CLI's functions themselves.
    from prefect.cli.block import _register_blocks_in_module
    from prefect.utilities.importtools import load_script_as_module

    for target in targets:
        module = load_script_as_module(target) if target.endswith(".py") else importlib.import_module(target)
        await _register_blocks_in_module(module)


def main():
    warnings.filterwarnings("ignore")
    # What the collections print goes to stderr: stdout carries only the reference.
    out = os.dup(1)
    os.dup2(2, 1)
    if sys.argv[1] == "--register":
        asyncio.run(register(sys.argv[2:]))
        return
    args = sys.argv[1:]
    files = [args[index + 1] for index, arg in enumerate(args) if arg == "--file"]
    packages = [arg for index, arg in enumerate(args) if arg != "--file" and (index == 0 or args[index - 1] != "--file")]
    result = [classes_of(package) for package in packages] + [classes_of_file(path) for path in files]
    # os.write may write part of it to a pipe: until all of it is out.
    view = memoryview(json.dumps(result).encode("utf-8"))
    while view:
        view = view[os.write(out, view) :]


if __name__ == "__main__":
    main()
