# Ends the interpreter in the middle of the import: the script never prints its document.
import os

os._exit(0)
