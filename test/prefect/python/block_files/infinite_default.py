from prefect.blocks.core import Block


class Infinite(Block):
    """A default JSON cannot hold."""

    limit: float = float("inf")
