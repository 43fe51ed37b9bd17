"""Block documents made and read by Prefect's own client, for test/prefect/documents.test.ts.

Usage (PREFECT_API_URL names the server):
  python documents.py save SECRETS_JSON   saves the documents below on the server (SECRETS_JSON: the
                                          secret values the test scans every output for)
  python documents.py change SECRETS_JSON changes one value of prod-wh, as a person editing it would
  python documents.py load                prints, as JSON, every document loaded with Block.load
                                          (secret values revealed) and the warnings Prefect gave
  python documents.py load-upgraded       the same for warehouse/prod-wh and warehouse/inline-wh with
                                          the newer Warehouse class (after their upgrade)

The documents: db-creds/prod-creds (a password), warehouse/prod-wh (references prod-creds, a
token), warehouse/inline-wh (credentials written inline), an anonymous db-creds, a Secret block
(a protected type), notifier/alerts; then newer schemas of warehouse (a new field with a default)
and notifier (a new required field without one), which leave the documents on older schemas.
"""

import asyncio
import json
import sys
import warnings
from typing import Optional

from pydantic import Field, SecretStr

from prefect.blocks.core import Block
from prefect.blocks.system import Secret


class DbCreds(Block):
    _block_type_slug = "db-creds"
    username: str
    password: SecretStr
    port: int = 5432


class Warehouse(Block):
    _block_type_slug = "warehouse"
    name_hint: str = Field(default="x", title="Hint")
    credentials: DbCreds
    options: dict = {}
    token: Optional[SecretStr] = None


class Notifier(Block):
    _block_type_slug = "notifier"
    url: str
    retries: int = 3


def newer_classes():
    # The same class names: a schema's title is its class's name.
    class Warehouse(Block):
        _block_type_slug = "warehouse"
        name_hint: str = Field(default="x", title="Hint")
        credentials: DbCreds
        options: dict = {}
        token: Optional[SecretStr] = None
        region: str = "eu-west-1"

    class Notifier(Block):
        _block_type_slug = "notifier"
        url: str
        retries: int = 3
        channel: str

    return Warehouse, Notifier


def newer_schemas() -> None:
    # Defined here, after the documents were saved: a class of the same slug with more fields
    # (Prefect warns that it replaces the first class in its registry: that is the point).
    warnings.filterwarnings("ignore", message=".*matches existing registered type.*")
    Warehouse, Notifier = newer_classes()
    Warehouse.register_type_and_schema()
    Notifier.register_type_and_schema()


def save(secrets: dict) -> None:
    creds = DbCreds(username="alice", password=secrets["password"], port=5433)
    creds.save("prod-creds", overwrite=True)
    Warehouse(credentials=creds, options={"pool": 4, "ratio": 1.0}, token=secrets["token"]).save("prod-wh", overwrite=True)
    Warehouse(credentials=DbCreds(username="bob", password=secrets["inline_password"]), token=None).save("inline-wh", overwrite=True)
    # What Prefect does for a block it saves on its own (a deployment's storage): no name of ours.
    asyncio.run(DbCreds(username="robot", password=secrets["anonymous_password"])._save(is_anonymous=True))
    Secret(value=secrets["secret_block"]).save("api-token", overwrite=True)
    Notifier(url="https://hooks.example.com/alerts").save("alerts", overwrite=True)
    newer_schemas()


def change(secrets: dict) -> None:
    creds = DbCreds.load("prod-creds")
    Warehouse(credentials=creds, options={"pool": 8, "ratio": 1.0}, token=secrets["token"]).save("prod-wh", overwrite=True)


def load() -> None:
    loaded = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        creds = DbCreds.load("prod-creds")
        loaded["db-creds/prod-creds"] = {"username": creds.username, "password": creds.password.get_secret_value(), "port": creds.port}
        warehouse = Warehouse.load("prod-wh")
        loaded["warehouse/prod-wh"] = {
            "name_hint": warehouse.name_hint,
            "options": warehouse.options,
            "token": warehouse.token.get_secret_value() if warehouse.token else None,
            "credentials": {"username": warehouse.credentials.username, "password": warehouse.credentials.password.get_secret_value(), "port": warehouse.credentials.port},
        }
    print(json.dumps({"documents": loaded, "warnings": [str(warning.message) for warning in caught]}))


def load_upgraded() -> None:
    warnings.filterwarnings("ignore", message=".*matches existing registered type.*")
    Warehouse, _ = newer_classes()
    loaded = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for name in ["prod-wh", "inline-wh"]:
            warehouse = Warehouse.load(name)
            loaded[f"warehouse/{name}"] = {
                "region": warehouse.region,
                "options": warehouse.options,
                "credentials": {"username": warehouse.credentials.username, "password": warehouse.credentials.password.get_secret_value()},
            }
    print(json.dumps({"documents": loaded, "warnings": [str(warning.message) for warning in caught]}))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "save":
        save(json.loads(sys.argv[2]))
    elif command == "change":
        change(json.loads(sys.argv[2]))
    elif command == "load":
        load()
    elif command == "load-upgraded":
        load_upgraded()
    else:
        raise SystemExit(f"unknown command {command}")
