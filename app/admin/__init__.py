"""Administration of the network: territory, users, campaigns, audit log."""

from app.admin import campaign_members, campaigns, establishments, mail, routes, territory, users
from app.admin.blueprint import bp

# The route modules are imported for their views, which attach themselves to bp.
__all__ = ["bp", "campaign_members", "campaigns", "establishments", "mail", "routes", "territory", "users"]
