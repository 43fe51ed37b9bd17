from prefect.blocks.core import Block


class Broken(Block):
    value: int = (1 +
