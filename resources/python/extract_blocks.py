"""Block Registry's extraction script: the blocks of a Python file or module, as Prefect registers them.

Run by the app in the Python the user chose (src/main/python/run-extraction.ts):

    python extract_blocks.py --file PATH
    python extract_blocks.py --module NAME
    python extract_blocks.py --module NAME --module OTHER ...   (several at once)

It loads the file the way `prefect block register -f` does (Prefect's own
`load_script_as_module`), or imports the module as `prefect block register -m` does, finds the
block classes the way Prefect's `_register_blocks_in_module` does (every member of the module that
is a Block class and can be registered; nested blocks before the block that holds them, as
`register_type_and_schema` registers them), and prints ONE JSON document on stdout:

    {"ok": true, "python": "3.11.7", "prefect": "3.9.1", "executable": "...",
     "blocks": [{"name", "slug", "logo_url", "documentation_url", "description", "code_example",
                 "block_schema": {"fields", "checksum", "capabilities", "version"}}, ...]}

(several targets: `{"ok": true, "python", "prefect", "executable", "targets": [DOCUMENT, ...]}`, one
document as above for each target, in order) or, when it cannot:

    {"ok": false, "kind": "no-prefect" | "load" | "no-blocks" | "usage", "message": "...",
     "file": "...", "line": 12, "python": "...", "prefect": "..."}

`json.dumps`, as Prefect's client sends them, so that every number keeps its lexeme. Nothing is
registered anywhere: no Prefect client or server is used.
"""

import json
import os
import sys
import traceback

PROTOCOL = 1


def emit(out, document):
    """Writes the document (or the failure to write it) and returns what was written."""
    try:
        # NaN and Infinity are not JSON: said as such rather than printed as what no reader takes.
        data = json.dumps(dict(document, protocol=PROTOCOL), allow_nan=False)
    except ValueError as error:
        document = failure("internal", "%s (a default of NaN or Infinity?)" % error)
        data = json.dumps(dict(document, protocol=PROTOCOL))
    # os.write may write part of it (a pipe, a signal): until all of it is out.
    view = memoryview(data.encode("utf-8") + b"\n")
    while view:
        view = view[os.write(out, view):]
    return document


def python_version():
    return "%d.%d.%d" % sys.version_info[:3]


def failure(kind, message, **extra):
    document = {"ok": False, "kind": kind, "message": message, "python": python_version()}
    document.update(extra)
    return document


def user_frame_line(exc, path):
    """The line in the user's file where the error happened (a SyntaxError knows its own)."""
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        if path is None or exc.filename is None or os.path.realpath(exc.filename) == os.path.realpath(path):
            return exc.lineno, exc.filename
    frames = traceback.extract_tb(exc.__traceback__)
    if path is not None:
        real = os.path.realpath(path)
        mine = [frame for frame in frames if frame.filename and os.path.realpath(frame.filename) == real]
        if mine:
            return mine[-1].lineno, mine[-1].filename
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        return exc.lineno, exc.filename
    # The import machinery and this script are not where the user's problem is.
    import importlib

    machinery = os.path.dirname(os.path.realpath(importlib.__file__))
    here = os.path.realpath(__file__)

    def is_theirs(filename):
        if not filename or filename.startswith("<frozen"):
            return False
        real = os.path.realpath(filename)
        return real != here and os.path.dirname(real) != machinery

    theirs = [frame for frame in frames if is_theirs(frame.filename)]
    return (theirs[-1].lineno, theirs[-1].filename) if theirs else (None, None)


def last_line(exc):
    """Python's own last line of the traceback, e.g. `ModuleNotFoundError: No module named 'x'`."""
    lines = traceback.format_exception_only(type(exc), exc)
    return lines[-1].strip() if lines else type(exc).__name__


def load(args, prefect_version):
    """The module, or a failure document."""
    from prefect.exceptions import ScriptError
    from prefect.utilities.importtools import load_script_as_module
    import importlib

    if args[0] == "--file":
        path = args[1]
        try:
            return load_script_as_module(path)
        except ScriptError as error:
            cause = error.user_exc
            line, where = user_frame_line(cause, path)
            return failure("load", last_line(cause), file=where or path, line=line, prefect=prefect_version)
    name = args[1]
    try:
        return importlib.import_module(name)
    except Exception as error:  # noqa: BLE001 - any error while importing is the user's to see
        line, where = user_frame_line(error, None)
        return failure("load", last_line(error), module=name, file=where, line=line, prefect=prefect_version)


def registrable(cls):
    """What Prefect's `register_type_and_schema` refuses with InvalidBlockRegistration."""
    from abc import ABC

    return cls.__name__ != "Block" and ABC not in getattr(cls, "__bases__", [])


def nested_type_args(annotation):
    """Prefect's own `_nested_type_args` (3.9); the older walk (unions, tuple, list, dict) before it."""
    try:
        from prefect.blocks.core import _nested_type_args
    except ImportError:
        from typing import Union, get_args, get_origin

        return get_args(annotation) if get_origin(annotation) in (Union, tuple, list, dict) else ()
    return _nested_type_args(annotation)


def nested_blocks(annotation):
    """The block classes in a field's annotation, as `register_blocks_in_annotation` walks it."""
    from prefect.blocks.core import Block

    if Block.is_block_class(annotation):
        yield annotation
    else:
        for inner in nested_type_args(annotation):
            yield from nested_blocks(inner)


def in_registration_order(cls, seen, order):
    """`cls` after the blocks nested in it (depth first), each once."""
    if cls in seen or not registrable(cls):
        return
    seen.add(cls)
    for field in cls.model_fields.values():
        if field.annotation is not None:
            for nested in nested_blocks(field.annotation):
                in_registration_order(nested, seen, order)
    order.append(cls)


def describe(cls):
    block_type = cls._to_block_type().model_dump(mode="json")
    schema = cls._to_block_schema(block_type_id=block_type["id"])
    entry = {key: block_type[key] for key in ("name", "slug", "logo_url", "documentation_url", "description", "code_example")}
    entry["class"] = "%s.%s" % (cls.__module__, cls.__qualname__)
    entry["block_schema"] = {
        "fields": schema.fields,
        "checksum": schema.checksum,
        # A frozenset in Prefect, sent in whatever order this process hashes it: sorted, so that
        # the same file always gives the same schema.
        "capabilities": sorted(schema.capabilities),
        "version": schema.version,
    }
    return entry


def blocks_of(module):
    import inspect
    from prefect.blocks.core import Block

    seen = set()
    order = []
    # Prefect's `_register_blocks_in_module`: `inspect.getmembers(module)`, every Block class.
    for _, member in inspect.getmembers(module):
        if member is not None and Block.is_block_class(member):
            in_registration_order(member, seen, order)
    return [describe(cls) for cls in order]


def run(args, out):
    targets = [args[index : index + 2] for index in range(0, len(args), 2)]
    if not targets or any(len(target) != 2 or target[0] not in ("--file", "--module") for target in targets):
        return failure("usage", "usage: extract_blocks.py (--file PATH | --module NAME)...")
    try:
        import prefect
    except ImportError as error:
        return failure("no-prefect", last_line(error), executable=sys.executable)
    prefect_version = getattr(prefect, "__version__", "unknown")
    documents = [read_target(target, prefect_version) for target in targets]
    if len(documents) == 1:
        return documents[0]
    # Several targets in one run (importing prefect takes seconds): one document each, in order.
    return {"ok": True, "python": python_version(), "prefect": prefect_version, "executable": sys.executable, "targets": documents}


def read_target(target, prefect_version):
    """One file's or module's document: its blocks, or why it has none."""
    module = load(target, prefect_version)
    if isinstance(module, dict):
        return module
    blocks = blocks_of(module)
    where = {"file": target[1]} if target[0] == "--file" else {"module": target[1]}
    if not blocks:
        return failure("no-blocks", "no Block classes found", prefect=prefect_version, **where)
    return {"ok": True, "python": python_version(), "prefect": prefect_version, "executable": sys.executable, "blocks": blocks}


def main():
    # Our own folder is not the user's: it must not shadow their modules.
    if sys.path and os.path.realpath(sys.path[0] or ".") == os.path.realpath(os.path.dirname(os.path.abspath(__file__))):
        del sys.path[0]
    # The user's code may print: its stdout goes to stderr, the real one carries only our JSON.
    out = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        document = run(sys.argv[1:], out)
    except Exception as error:  # noqa: BLE001 - reported, with Python's own words, as one document
        document = failure("internal", last_line(error), traceback=traceback.format_exc()[-4000:])
    return 0 if emit(out, document).get("ok") else 1


if __name__ == "__main__":
    sys.exit(main())
