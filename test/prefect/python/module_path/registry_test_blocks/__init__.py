"""A package on PYTHONPATH for `import --module registry_test_blocks`."""

from prefect.blocks.core import Block


class ModuleChild(Block):
    """A block nested in another, from a module."""

    value: float = 2.5


class ModuleParent(Block):
    """Holds a ModuleChild."""

    child: ModuleChild
