from prefect.blocks.core import Block
import a_module_that_does_not_exist_anywhere  # line 2


class Unreached(Block):
    value: int = 1
