"""The recommendation engine: bank + answers + protocol + settings -> Recommendation."""

from intake_tui.core.recommend.engine import recommend
from intake_tui.core.recommend.models import Recommendation

__all__ = ["Recommendation", "recommend"]
