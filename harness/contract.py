"""The integration-under-test contract: the environment the harness hands the integration.

These names are documented in docs/integration-contract.md and are stable: outside
integrations are written against that page alone. Change them only with a
deprecation period.
"""

from __future__ import annotations

import csv
from pathlib import Path

from scenarios.generator import GeneratedRun

from .simulator_set import Credentials, SimulatorSet


def write_mappings(run: GeneratedRun, directory: Path) -> Path:
    """Write the cross-reference tables as ``left_value,right_value`` CSV files."""
    directory.mkdir(parents=True, exist_ok=True)
    for filename, rows in run.world.mapping_tables().items():
        with (directory / filename).open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["left_value", "right_value"])
            writer.writerows(rows)
    return directory


def integration_environment(
    run: GeneratedRun, sims: SimulatorSet, credentials: Credentials, port: int, mappings_dir: Path, host: str = "127.0.0.1"
) -> dict[str, str]:
    newstore, erp, exceptions = sims["newstore"].url, sims["erp"].url, sims["exceptions"].url
    tenant = run.world.tenant
    return {
        "POS_HARNESS_SCENARIO": run.scenario.name,
        "POS_HARNESS_SEED": str(run.seed),
        "INTEGRATION_HOST": host,
        "INTEGRATION_PORT": str(port),
        "INTEGRATION_PUBLIC_URL": f"http://{host}:{port}",
        "NEWSTORE_BASE_URL": newstore,
        "NEWSTORE_TOKEN_URL": f"{newstore}/auth/realms/{tenant}/protocol/openid-connect/token",
        "NEWSTORE_TENANT": tenant,
        "NEWSTORE_CLIENT_ID": credentials.newstore_client_id,
        "NEWSTORE_CLIENT_SECRET": credentials.newstore_client_secret,
        "ERP_FLAVOUR": "netsuite",
        "ERP_BASE_URL": f"{erp}/services/rest",
        "ERP_TOKEN_URL": f"{erp}/services/rest/auth/oauth2/v1/token",
        "ERP_ACCOUNT_ID": "TSTDRV0000001",
        "ERP_CLIENT_ID": credentials.erp_client_id,
        "ERP_CLIENT_SECRET": credentials.erp_client_secret,
        "SITOO_BASE_URL": f"{sims['sitoo'].url}/v2/accounts/{credentials.sitoo_account_id}",
        "SITOO_ACCOUNT_ID": str(credentials.sitoo_account_id),
        "SITOO_API_ID": credentials.sitoo_api_id,
        "SITOO_API_PASSWORD": credentials.sitoo_api_password,
        "SHOP_BASE_URL": sims["shop"].url,
        "SHOP_API_VERSION": "2024-10",
        "SHOP_ACCESS_TOKEN": credentials.shop_access_token,
        "EXCEPTIONS_URL": f"{exceptions}/exceptions",
        "MAPPINGS_DIR": str(mappings_dir),
    }
