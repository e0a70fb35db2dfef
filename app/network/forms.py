"""Forms of the network blueprint: the pole's and the network's feuilles de route use the establishment's."""

from app.establishment.forms import ConfirmForm, PriorityForm, PriorityStatusForm

__all__ = ["ConfirmForm", "PriorityForm", "PriorityStatusForm"]
