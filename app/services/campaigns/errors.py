"""The campaigns domain's error, shared by its modules."""


class CampaignError(Exception):
    """A campaign change that cannot be made, with a French message."""
