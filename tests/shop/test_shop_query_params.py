"""Query parameters and the version segment: parsed as the OpenAPI document declares them."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.shop.shop_helpers import API


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("products.json?ids=%C2%B2", "ids"),  # "²" passes str.isdigit() but not int(): it was a 500
        ("products.json?ids=21%2022", "ids"),
        ("inventory_levels.json?location_ids=%D9%A3", "location_ids"),  # an Arabic-Indic 3
        ("products.json?limit=abc", "limit"),  # was silently the default
        ("products.json?since_id=null", "since_id"),
        ("orders.json?limit=2.5", "limit"),
        ("orders.json?status=bogus", "status"),  # was an empty list
    ],
)
def test_malformed_query_parameter_is_422(client: FlaskClient, auth: dict[str, str], query: str, field: str) -> None:
    response = client.get(f"{API}/{query}", headers=auth)
    assert (response.status_code, response.get_json()) == (422, {"errors": {field: ["is invalid"]}})


@pytest.mark.parametrize(
    ("query", "ids"),
    [("ids=22, 21,", [21, 22]), ("ids=", []), ("limit=1000", [21, 22]), ("limit=-5", [21]), ("since_id=21&limit=1", [22])],
)
def test_lenient_forms_are_still_served(client: FlaskClient, auth: dict[str, str], query: str, ids: list[int]) -> None:
    response = client.get(f"{API}/products.json?{query}", headers=auth)
    assert [p["id"] for p in response.get_json()["products"]] == ids


def test_version_digits_are_ascii(client: FlaskClient, auth: dict[str, str]) -> None:
    arabic_2024 = "%D9%A2%D9%A0%D9%A2%D9%A4"
    response = client.get(f"/admin/api/{arabic_2024}-10/locations.json", headers=auth)
    assert (response.status_code, response.get_json()) == (404, {"errors": "Not Found"})
