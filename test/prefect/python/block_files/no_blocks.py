"""No Block class here: only Block itself and an abstract interface, which Prefect does not register."""
from abc import ABC

from prefect.blocks.core import Block


class Interface(Block, ABC):
    pass


VALUE = 1
