"""The simulators accept everything the generator sends, and agree with its predictions:
Sitoo numbers the orders as the truth says and its Z-reports hold the journal truth's sums."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.scenarios.replay import replayed
from tests.scenarios.runs import run_of


@pytest.mark.parametrize("name", ["smoke", "day-close-z-report", "price-update-race", "last-unit-race", "unmapped-currency"])
def test_simulators_take_the_traffic_and_agree_with_the_truth(name: str) -> None:
    run = run_of(name)
    with replayed(run) as replay:
        sitoo = sorted(int(t["order_id"]) for t in run.truth.transactions if t["source_system"] == "sitoo")
        assert replay.sitoo_orderids == sitoo
        # Nothing keeps the web shop's stock in step here, so every racing checkout goes through.
        assert replay.shop_statuses == [201] * run.scenario.traffic.last_unit_races
        reports = replay.state("sitoo")["storezreports"]
        journals = run.truth.journals
        assert len(reports) == len(journals)
        stores = {str(s.sitoo.storeid): s.store_id for s in run.world.stores if s.sitoo is not None}
        by_store: dict[str, list[dict[str, object]]] = {}
        for report in sorted(reports, key=lambda r: int(str(r["storezreportid"]))):
            by_store.setdefault(stores[str(report["store_id"])], []).append(report)
        for journal in sorted(journals, key=lambda j: (j["store_id"], j["business_day"])):
            report = by_store[journal["store_id"]].pop(0)
            tenders: dict[str, Decimal] = {}
            for payment in [*report["paymentssales"], *report["paymentsrefund"]]:  # type: ignore[misc]
                tenders[payment["name"]] = tenders.get(payment["name"], Decimal(0)) + Decimal(payment["moneytotal"])
            assert {m: Decimal(v) for m, v in journal["tenders"].items()} == tenders
            if journal["outcome"] == "erp":
                lines = {line["memo"]: Decimal(line["credit"]) - Decimal(line["debit"]) for line in journal["lines"]}
                net = Decimal(str(report["moneysalestotalnet"])) + Decimal(str(report["moneyrefundtotalnet"]))
                assert lines.get("sales", Decimal(0)) == net
                total = Decimal(str(report["moneysummarytotal"]))
                assert lines.get("sales", Decimal(0)) + lines.get("vat", Decimal(0)) == total
        erp = replay.state("erp")
        on_hand = {(r["item"], r["location"]): r["quantityOnHand"] for r in erp["on_hand"]}
        baseline = {(r["item"], r["location"]): float(r["quantity"]) for r in run.world.erp_on_hand()}
        assert on_hand == baseline, "the ERP starts from the seeded stock (nothing posted it yet)"
