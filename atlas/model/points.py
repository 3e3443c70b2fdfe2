"""A planner's joined list as a map layer: what a build puts on its maps (atlas build --points)."""

from dataclasses import dataclass

from atlas.model.join import Joined

#: roles a page may show beyond coordinates and matched sectors, and only when the planner
#: named their column explicitly (--name, --value): enterprise lists are often confidential
SHOWABLE = ("name", "value")


@dataclass(frozen=True)
class Points:
    """``result``: the join (rows in = joined + rejected). ``shown``: the SHOWABLE roles the
    planner named. ``digest``: a hash of the list's bytes and the options it was read with,
    an input of the build cache's keys for the pages and figures that show it."""

    result: Joined
    shown: tuple = ()
    digest: str = ""

    def __post_init__(self):
        wrong = [r for r in self.shown if r not in SHOWABLE]
        if wrong:
            raise ValueError(f"points: cannot show {wrong}; only {', '.join(SHOWABLE)}")

    def counts_by_park(self):
        """{park id or '': rows joined there}, as the join's summary counts them."""
        parks = self.result.joined["park_id"].fillna("")
        return {k: int(v) for k, v in parks.value_counts(sort=False).items()}
