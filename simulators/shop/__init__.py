"""The web-shop simulator, Shopify Admin REST flavour (stock on the website).

Products and variants, locations, inventory levels (``set``/``adjust``) with a history of
every change, click-and-collect web orders, ``X-Shopify-Access-Token`` auth and the
per-app leaky bucket with ``X-Shopify-Shop-Api-Call-Limit``. See docs/simulators/shop.md.
"""

from .app import create_app
from .bucket import LeakyBucket
from .state import ShopConfig, ShopState

__all__ = ["LeakyBucket", "ShopConfig", "ShopState", "create_app"]
