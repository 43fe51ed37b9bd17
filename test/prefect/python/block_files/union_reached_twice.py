# A block holding a union of blocks (UnionHolder), nested by two fields of one block (Diamond),
# and Diamond nested in turn (Grand). Prefect 3.9.1's server stores Diamond but answers 500 when it
# reads Diamond by its checksum, which it does to register Grand, and Prefect's client does for
# every class it registers (test/prefect/union-reached-twice.test.ts).
from typing import Union

from prefect.blocks.core import Block


class LeafC(Block):
    x: int


class LeafD(Block):
    y: str


class UnionHolder(Block):
    u: Union[LeafC, LeafD]


class Diamond(Block):
    a: UnionHolder
    b: UnionHolder


class Grand(Block):
    d: Diamond
