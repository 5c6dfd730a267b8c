"""Schemathesis against the NewStore simulator, seeded, on a real socket.

The generator tries ``"0"`` first for every id, so the world has an order, a fulfillment
request, a return, a refund, a store and an event stream whose id is ``"0"``, and the
order's units are of product ``"0"``: lookups, returns, refunds, shipments and
rejections reach their success answers and every success model is checked (the document
lists shipment before rejection, so request ``"0"`` ships some parcels before the first
rejection closes it and later actions get the 409). Rate limits
are off; every webhook is held for an hour, so the streams the fuzz registers and starts
never send anything anywhere. The test's bearer token goes with every request instead of
being generated. On the token endpoint, a generated realm becomes the seeded tenant, and
a body that is valid by the schema gets the seeded client's credentials, so the 200 is
checked too; an invalid body keeps what it was generated with and must be refused.

Order injection has the largest body in the document (every level accepts unknown
fields), so its randomised phase runs fewer examples; its coverage phase runs in full.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from hypothesis import settings
from schemathesis import checks

from simulators.newstore import NewStoreState, create_app
from simulators.newstore.models import (
    FulfillmentItem,
    FulfillmentRequestPayload,
    OrderPayload,
    RefundRequestIssuedPayload,
    ReturnItem,
    ReturnProcessedPayload,
)
from tests.contracts.fuzzing import CHECKS, FUZZ_SETTINGS, load_schema

pytestmark = pytest.mark.slow  # Schemathesis runs take tens of seconds; CI runs them all

TENANT, CLIENT, SECRET = "acme", "fuzz-client", "fuzz-secret"
TOKEN_PATH = "/auth/realms/{tenant}/protocol/openid-connect/token"
INJECTION = "/v0/d/fulfill_order"
NOW = "2026-11-27T09:00:00.000Z"
UNITS = 60  # of product "0", in the order and in its fulfillment request: enough for every shipment

# Every undeclared method on a declared path must answer 405 with an Allow header.
NEWSTORE_CHECKS = [*CHECKS, checks.unsupported_method]

schema = load_schema("newstore")
schema.config.generation.update(with_security_parameters=False)  # the token is the test's, never generated


def _unit(n: int) -> dict[str, Any]:
    return {
        "id": f"item-{n}",
        "product_id": "0",
        "pricebook_price": 20.0,
        "list_price": 25.0,
        "tax": 3.33,
        "status": "pending",
        "external_identifiers": {"sku": "SKU-0"},
    }


ORDER = OrderPayload.model_validate(
    {
        "id": "0",
        "external_id": "WEB-0",
        "created_at": NOW,
        "placed_at": NOW,
        "channel_type": "web",
        "channel": "webshop",
        "price_method": "tax_included",
        "subtotal": 20.0 * UNITS,
        "discount_total": 0.0,
        "shipping_total": 0.0,
        "shipping_tax": 0.0,
        "tax_total": round(3.33 * UNITS, 2),
        "grand_total": 20.0 * UNITS,
        "currency": "GBP",
        "items": [_unit(n) for n in range(UNITS)],
    }
)
WORLD: dict[str, Any] = {
    "config": {
        "tenant": TENANT,
        "rate_limit_profile": "off",
        "rate_limit_endpoints": {},
        "delay_ms": 3_600_000,  # every webhook is held past the end of the test
        "delivery_workers": 1,
        "delivery_max_attempts": 1,
    },
    "clients": {CLIENT: SECRET},
    "stores": [{"store_id": "0", "display_name": "Leeds", "fulfillment_node_id": "DC01", "currency": "GBP"}],
    "locations": [{"id": "DC01", "name": "Main DC", "type": "dc", "fulfillment_node_id": "DC01"}],
    "stock_locations": [{"name": "main"}, {"name": "damaged", "sellable": False}],
    "stocked_products": [{"sku": "SKU-0", "product_id": "0", "on_hand": 100, "fulfillment_node_id": "DC01"}],
    "orders": [ORDER.model_dump(mode="json")],
}
PUBLISHED = [  # as the POS would: a request to act on, a return and a refund, each with id "0"
    (
        "fulfillment_request.assigned",
        FulfillmentRequestPayload(
            id="0",
            order_id="0",
            logical_timestamp=1,
            fulfillment_location_id="DC01",
            service_level="traditional",
            items=[FulfillmentItem(id=f"item-{n}", product_id="0") for n in range(UNITS)],
        ),
    ),
    (
        "return.processed",
        ReturnProcessedPayload(
            id="0",
            order_id="0",
            returned_at=NOW,
            total_refund_amount=20.0,
            total_refund_excl_tax=16.67,
            total_refund_tax=3.33,
            currency="GBP",
            return_location_id="0",
            items=[
                ReturnItem(id=f"item-{UNITS - 1}", product_id="0", refund_amount=20.0, refund_excl_tax=16.67, refund_tax=3.33)
            ],
        ),
    ),
    (
        "refund_request.issued",
        RefundRequestIssuedPayload(
            id="0", order_id="0", payment_account_id="pa-0", amount=20.0, currency="GBP", requested_at=NOW
        ),
    ),
]


@pytest.fixture(scope="module")
def served_newstore(served_module: Any) -> Any:
    state = NewStoreState()
    state.seed(WORLD)
    server = served_module(create_app(state))
    events = [{"name": name, "published_at": NOW, "payload": p.model_dump(mode="json")} for name, p in PUBLISHED]
    with requests.Session() as http:
        assert http.post(f"{server.url}/_sim/publish", json={"events": events}, timeout=5).status_code == 202
    yield server
    state.close()


@pytest.fixture(scope="module")
def base_url(served_newstore: Any) -> str:
    return str(served_newstore.url)


@pytest.fixture(scope="module")
def bearer(base_url: str) -> dict[str, str]:
    form = {"grant_type": "client_credentials", "client_id": CLIENT, "client_secret": SECRET}
    token = requests.post(f"{base_url}{TOKEN_PATH.format(tenant=TENANT)}", data=form, timeout=5).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    registration = {"id": "0", "callback_parameters": {"callback_url": "http://127.0.0.1:9/events"}}
    answer = requests.post(f"{base_url}/api/v1/org/integrations/eventstream", json=registration, headers=headers, timeout=5)
    assert answer.status_code == 201
    return headers


def _negated(case: Any, location: str) -> bool:
    component = case.meta.components.get(location) if case.meta is not None else None
    return component is not None and bool(component.mode.is_negative)


def pin(case: Any) -> None:
    """The token endpoint's realm and client, when the case does not negate them."""
    if case.path != TOKEN_PATH:
        return
    tenant = case.path_parameters.get("tenant")
    if isinstance(tenant, str) and tenant:
        case.path_parameters = {**case.path_parameters, "tenant": TENANT}
    if isinstance(case.body, dict) and not _negated(case, "body"):
        case.body = {**case.body, "client_id": CLIENT, "client_secret": SECRET}


@schema.exclude(path=INJECTION).parametrize()
@FUZZ_SETTINGS
def test_newstore_conforms(case: Any, base_url: str, bearer: dict[str, str]) -> None:
    pin(case)
    case.call_and_validate(base_url=base_url, headers=None if case.path == TOKEN_PATH else bearer, checks=NEWSTORE_CHECKS)


@schema.include(path=INJECTION).parametrize()
@settings(FUZZ_SETTINGS, max_examples=3)
def test_order_injection_conforms(case: Any, base_url: str, bearer: dict[str, str]) -> None:
    case.call_and_validate(base_url=base_url, headers=bearer, checks=NEWSTORE_CHECKS)


@pytest.mark.parametrize(
    ("config", "authorization", "status"),
    [
        ({}, None, 401),
        ({}, "Bearer unknown", 403),
        ({"rate_limit_per_second": 0.001, "rate_limit_burst": 1}, None, 429),  # limited before authentication
    ],
)
def test_refusals_the_fuzz_never_meets_conform(
    served: Any, config: dict[str, Any], authorization: str | None, status: int
) -> None:
    """No token, a wrong token, a spent rate limit: the run above always has a token and no limit."""
    state = NewStoreState()
    state.seed({**WORLD, "config": {**WORLD["config"], **config}})
    case = schema["/v0/locations"]["GET"].Case(headers={"Authorization": authorization} if authorization else {})
    try:
        url = str(served(create_app(state)).url)
        responses = [case.call(base_url=url) for _ in range(2)]
    finally:
        state.close()
    assert responses[-1].status_code == status
    case.validate_response(responses[-1], checks=CHECKS)
    assert status != 429 or "retry-after" in responses[-1].headers


@pytest.mark.parametrize(("tenant", "secret", "status"), [(TENANT, "wrong", 401), ("other-realm", SECRET, 404)])
def test_token_refusals_conform(base_url: str, tenant: str, secret: str, status: int) -> None:
    form = {"grant_type": "client_credentials", "client_id": CLIENT, "client_secret": secret}
    case = schema[TOKEN_PATH]["POST"].Case(
        path_parameters={"tenant": tenant}, body=form, media_type="application/x-www-form-urlencoded"
    )
    response = case.call(base_url=base_url)
    assert response.status_code == status
    case.validate_response(response, checks=CHECKS)


def test_the_fuzz_sent_no_webhook_anywhere(base_url: str) -> None:
    """The streams it registered and started only ever held their events."""
    assert requests.get(f"{base_url}/_sim/deliveries", timeout=5).json() == {"deliveries": []}
