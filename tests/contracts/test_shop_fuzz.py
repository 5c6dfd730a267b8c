"""Schemathesis against the web shop (Shopify Admin REST flavour).

The shop is seeded with the tests' small world plus records whose ids are the ones the
generator tries first (1 and 2), so writes and lookups reach their 200 answers and every
success model is checked, including orders; the bucket is too big to fill, so no case
is throttled; the app's token goes with every request instead of being generated. The
document lets ``api_version`` be any YYYY-MM or ``unstable``; a case that generated a
valid one is pinned to the version integrations use, and a case that deliberately sent
an invalid one keeps it and must get the 404. (Pinning those too would leave a case
Schemathesis still counts as negated at the path, and it then refuses to discount an
unknown query parameter, which Shopify ignores, as the only remaining negation.)
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests

from simulators.common.app import handle
from simulators.shop import create_app
from simulators.shop.routes import API_VERSION, CALL_LIMIT_HEADER, TOKEN_HEADER
from tests.contracts.fuzzing import CHECKS, FUZZ_SETTINGS, load_schema
from tests.shop.shop_helpers import TOKEN, world

pytestmark = pytest.mark.slow  # Schemathesis runs take tens of seconds; CI runs them all

schema = load_schema("shop")
schema.config.generation.update(with_security_parameters=False)  # the token is the test's, never generated

PINNED_VERSION = "2024-10"
NO_RATE_LIMIT = {"bucket_size": 1_000_000, "leak_per_second": 1_000.0}


def fuzz_world() -> dict[str, Any]:
    seed = world()
    seed["config"] = NO_RATE_LIMIT
    seed["locations"].append({"id": 1, "name": "Brighton"})
    seed["products"].append(
        {"id": 1, "title": "Scarf", "variants": [{"id": 1, "sku": "SCARF", "price": "15", "inventory_item_id": 1}]}
    )
    seed["inventory"].append({"inventory_item_id": 1, "location_id": 1, "available": 1_000})
    return seed


@pytest.fixture(scope="module")
def base_url(served_module: Any) -> str:
    app = create_app()
    state = handle(app).state
    state.seed(fuzz_world())
    server = served_module(app)
    with requests.Session() as http:  # the orders a checkout would place: click and collect, and delivery
        for order in (
            {"id": 1, "pickup_location_id": 1, "line_items": [{"sku": "SCARF", "quantity": 2}]},
            {"id": 2, "email": "a@example.com", "line_items": [{"variant_id": 31, "quantity": 1, "price": "30"}]},
        ):
            assert http.post(f"{server.url}/_sim/orders", json=order, timeout=5).status_code == 201
    return str(server.url)


@schema.parametrize()
@FUZZ_SETTINGS
def test_shop_conforms(case: Any, base_url: str) -> None:
    version = case.path_parameters.get("api_version")
    if isinstance(version, str) and re.fullmatch(API_VERSION, version):
        case.path_parameters = {**case.path_parameters, "api_version": PINNED_VERSION}
    case.call_and_validate(base_url=base_url, headers={TOKEN_HEADER: TOKEN}, checks=CHECKS)


@pytest.mark.parametrize(
    ("seed", "token", "status"),
    [
        ({}, "shpat_unknown", 401),
        ({"config": {"bucket_size": 1, "leak_per_second": 0.001}}, TOKEN, 429),
    ],
)
def test_refusals_the_fuzz_never_meets_conform(served: Any, seed: dict[str, Any], token: str, status: int) -> None:
    """401 and 429 need a wrong token or a full bucket, which the fuzz run never has."""
    app = create_app()
    handle(app).state.seed({**world(), **seed})
    url = str(served(app).url)
    case = schema["/admin/api/{api_version}/locations.json"]["GET"].Case(path_parameters={"api_version": PINNED_VERSION})
    responses = [case.call(base_url=url, headers={TOKEN_HEADER: token}) for _ in range(2)]
    assert responses[-1].status_code == status
    case.validate_response(responses[-1], checks=CHECKS)
    if status == 429:
        sent = {name.lower() for name in responses[-1].headers}
        assert {"retry-after", CALL_LIMIT_HEADER.lower(), "x-request-id"} <= sent
