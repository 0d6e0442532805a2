"""The chapter map: an episode's timeline drawn to scale along its duration.

The page draws it as an SVG bar whose viewBox is ``WIDTH`` units wide; each moment is a
segment from its start to the next moment's start (the last runs to the end). Positions
are computed here, as data, so the template only writes numbers into SVG attributes and
no inline style is needed under the strict Content Security Policy.
"""

from dataclasses import dataclass

WIDTH = 1000
# Room left between neighbouring segments so each reads as its own link.
GAP = 2


@dataclass(frozen=True)
class Segment:
    moment: object  # the TimelineEntry it links to
    x: float
    width: float
    end_seconds: int
    index: int

    @property
    def tone(self):
        """Alternating shades, so neighbouring chapters are told apart."""
        return "a" if self.index % 2 == 0 else "b"


def segments(moments, duration_seconds):
    """Segments for ``moments`` (ordered by start) of an episode ``duration_seconds`` long.

    Moments at or past the end (possible in old data the admin never checked) are left
    out rather than drawn off the bar.
    """
    if not duration_seconds or duration_seconds <= 0:
        return []
    inside = [m for m in moments if 0 <= m.start_seconds < duration_seconds]
    if not inside:
        return []
    ends = [m.start_seconds for m in inside[1:]] + [duration_seconds]
    scale = WIDTH / duration_seconds
    drawn = []
    for index, (moment, end) in enumerate(zip(inside, ends, strict=True)):
        width = max((end - moment.start_seconds) * scale - GAP, 1)
        x = min(moment.start_seconds * scale, WIDTH - width)  # a sliver at the end stays on
        drawn.append(
            Segment(
                moment=moment,
                x=round(x, 2),
                width=round(width, 2),
                end_seconds=end,
                index=index,
            )
        )
    return drawn
