"""Schemathesis against the Sitoo simulator, seeded, on a real socket.

The document declares ids and credentials honestly (any integer id, any Basic
credential), so a generated request would almost never pass authentication or name a
seeded record. The seeded credential goes with every request instead of a generated one,
and an account, site, order, warehouse or Z-report id that is valid by the schema is pinned
to a seeded one (the coverage phase sends path parameters as strings, hence ``is_valid_id``);
a register id is always pinned, since any string is a valid one.
Invalid ids are left alone, so a case that negates them stays negated and must be refused
(401 for the account, 404 for the others). A valid id the simulator does not know is
left to tests/sitoo. Every method a path does not declare must answer 405 with an
``Allow`` header (the coverage phase sends them); 401 and 429 have their own test below.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from schemathesis import checks

from simulators.sitoo import SitooState, create_app
from tests.contracts.fuzzing import CHECKS, FUZZ_SETTINGS, load_schema

pytestmark = pytest.mark.slow  # Schemathesis runs take tens of seconds; CI runs them all

ACCOUNT, API_ID, PASSWORD = 10020, "10020-140", "fuzz-secret"
REGISTER = "{3CCB9848-155A-49E1-7CA8-5F7F78FC3067}"
PINNED = {"accountid": ACCOUNT, "siteid": 1, "orderid": 1, "warehouseid": 1, "zreportid": 1}
SITOO_CHECKS = [*CHECKS, checks.unsupported_method]
WORLD: dict[str, Any] = {
    "config": {"account_id": ACCOUNT},
    "credentials": [{"api_id": API_ID, "password": PASSWORD}],
    "sites": [{"siteid": 1, "eshopname": "Webshop"}, {"siteid": 2, "eshopname": "Outlet"}],
    "stores": [{"storeid": 1, "eshopid": 1, "name": "Oslo", "externalid": "S001"}],
    "warehouses": [{"warehouseid": 1, "storeid": 1, "name": "Oslo"}, {"warehouseid": 2, "warehousetype": 20}],
    "products": [{"sku": "MUG", "title": "Mug", "moneyprice": "99", "vatvalue": 25}],
    "stock": [{"warehouseid": 1, "sku": "MUG", "decimaltotal": "5"}],
    "cashregisters": [{"registerid": REGISTER, "registernumber": 1, "warehouseid": 1}],
    "orders": [
        {
            "eshopid": 1,
            "warehouseid": 1,
            "registerid": REGISTER,
            "orderstateid": 10,
            "orderitems": [{"sku": "MUG", "quantity": 1, "moneynetpriceperunit": "80"}],
        },
        {"eshopid": 1, "creditorderid": 1, "orderitems": [{"sku": "MUG", "quantity": -1, "moneynetpriceperunit": "80"}]},
    ],
}

schema = load_schema("sitoo")
schema.config.generation.update(with_security_parameters=False)  # the credential is the test's, never generated
# Sitoo ignores query parameters it does not know, so an extra one is not invalid data (a
# 200 for it is right); without this the negative phase expects a 400 on any list it picks.
schema.config.generation.update(allow_extra_parameters=False)


def basic(api_id: str = API_ID, password: str = PASSWORD) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{api_id}:{password}".encode()).decode()}


def serve(served: Any, **config: Any) -> str:
    state = SitooState()
    state.seed({**WORLD, "config": {**WORLD["config"], **config}})
    state.day_close({"registerid": REGISTER})  # Z-report 1
    return str(served(create_app(state)).url)


@pytest.fixture(scope="module")
def base_url(served_module: Any) -> str:
    return serve(served_module)


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    """One client for the module; ignoring proxy settings saves a lookup per request."""
    with requests.Session() as session:
        session.trust_env = False
        yield session


def is_valid_id(value: Any) -> bool:
    """What the document allows for an id: an integer >= 0 (the coverage phase sends it as a string)."""
    return (type(value) is int and value >= 0) or (isinstance(value, str) and value.isascii() and value.isdigit())


def pin(case: Any) -> None:
    """Point a case at the seeded account, site, order, warehouse, register and Z-report, unless it negates them.

    Any string is a valid register id by the schema, so ``registerid`` is always pinned."""
    for name, value in (case.path_parameters or {}).items():
        if name in PINNED and is_valid_id(value):
            case.path_parameters[name] = PINNED[name]
        elif name == "registerid":
            case.path_parameters[name] = REGISTER


@schema.parametrize()
@FUZZ_SETTINGS
def test_sitoo_conforms(case: Any, base_url: str, http: requests.Session) -> None:
    pin(case)
    case.call_and_validate(base_url=base_url, headers=basic(), session=http, checks=SITOO_CHECKS)


@pytest.mark.parametrize(
    ("config", "headers", "status"),
    [
        ({}, basic(password="wrong"), 401),
        ({}, {}, 401),
        ({"rate_limit_per_second": 0.001, "rate_limit_burst": 1}, basic(), 429),
    ],
)
def test_refusals_the_fuzz_never_meets_conform(served: Any, config: dict[str, Any], headers: dict[str, str], status: int) -> None:
    """401 and 429 need a wrong credential or an empty bucket, which the fuzz run never has."""
    url = serve(served, **config)
    case = schema["/v2/accounts/{accountid}/orders.json"]["GET"].Case(path_parameters={"accountid": ACCOUNT})
    responses = [case.call(base_url=url, headers=headers) for _ in range(2)]
    assert responses[-1].status_code == status
    case.validate_response(responses[-1], checks=CHECKS)
    assert {401: "www-authenticate", 429: "retry-after"}[status] in {name.lower() for name in responses[-1].headers}
