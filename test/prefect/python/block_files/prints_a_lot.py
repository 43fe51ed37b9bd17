# Prints on stdout while imported: that must not break the one JSON document.
import os
import sys

from prefect.blocks.core import Block

print("hello from the user's module")
os.write(1, b"raw bytes on fd 1\n")
sys.stdout.flush()


class Noisy(Block):
    value: int = 1
