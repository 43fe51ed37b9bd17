"""Block classes covering what the extraction must carry over exactly."""

from typing import Any, Dict, List, Optional, Union

from pydantic import Field, SecretStr

from prefect.blocks.core import Block
from prefect.types import SecretDict


class Leaf(Block):
    """A leaf block — with ünïcödé in its docstring: 日本語."""

    big: int = 123456789012345678901234567890
    ratio: float = 0.1
    tiny: float = 1e-30
    greeting: str = "grüß dich — 你好"


class Credentials(Block):
    """Credentials with secrets.

    Examples:
        Load the credentials:
        ```python
        from many_blocks import Credentials

        creds = Credentials.load("BLOCK_NAME")
        ```
    """

    _block_type_slug = "my-custom-credentials"
    _logo_url = "https://example.com/logo.png"
    _documentation_url = "https://example.com/docs"
    _block_schema_capabilities = ["authenticate", "read"]
    _block_schema_version = "1.2.3"

    password: SecretStr
    token: Optional[SecretStr] = None
    extra: SecretDict = Field(default_factory=lambda: SecretDict({}))


class Holder(Block):
    """Holds other blocks alone, optional, in lists and in unions."""

    _block_type_name = "Block Holder"

    alone: Leaf
    maybe: Optional[Credentials] = None
    many: List[Leaf] = Field(default_factory=list)
    either: Union[Leaf, Credentials, int] = 3
    mapping: Dict[str, Any] = Field(default_factory=dict)
