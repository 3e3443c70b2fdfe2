"""A small timeline of dated events as SVG text, built without matplotlib.

Shared by the report and the web pages (the national map): no JS library, no
font files, the same bytes for the same events.
"""

from xml.sax.saxutils import escape

from atlas.maps import style

_W, _H, _LEFT, _RIGHT, _AXIS_Y, _STEP = 640, 150, 30, 30, 112, 13


def _x(year, month, day, first, last):
    span = (last + 1 - first) or 1
    t = (year - first) + (month - 1) / 12 + (day - 1) / 365
    return _LEFT + t / span * (_W - _LEFT - _RIGHT)


def svg(events, title, recent_from=None, name=None):
    """SVG markup: one dot per (iso_date, label) event, stacked where dates coincide;
    events on or after ``recent_from`` (an ISO date) are drawn in the 'recent' colour.
    Its accessible name is ``name``, else ``title``; ``title`` is its <title>."""
    dated = sorted((d, label) for d, label in events)
    if not dated:
        return ""
    years = [int(d[:4]) for d, _ in dated]
    first, last = min(years), max(years)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" '
           f'width="{_W}" height="{_H}" role="img" aria-label="{escape(name or title, {chr(34): "&quot;"})}">',
           f"<title>{escape(title)}</title>"]
    # the axis, its ticks and the year labels share their look: said once on a group
    ticks = [f'<line x1="{_LEFT}" y1="{_AXIS_Y}" x2="{_W - _RIGHT}" y2="{_AXIS_Y}"/>']
    labels = []
    for year in range(first, last + 2):
        x = _x(year, 1, 1, first, last)
        ticks.append(f'<line x1="{x:.1f}" y1="{_AXIS_Y}" x2="{x:.1f}" y2="{_AXIS_Y + 5}"/>')
        if year <= last:
            labels.append(f'<text x="{_x(year, 7, 1, first, last):.1f}" y="{_AXIS_Y + 20}">'
                          f"{year}</text>")
    out.append(f'<g stroke="{style.TIMELINE_AXIS}">{"".join(ticks)}</g>'
               f'<g font-size="11" text-anchor="middle" fill="{style.TIMELINE_AXIS}">'
               f'{"".join(labels)}</g>')
    stacked = {}
    for date, label in dated:
        y, m, d = (int(p) for p in date.split("-"))
        level = stacked.get(date, 0)
        stacked[date] = level + 1
        cx, cy = _x(y, m, d, first, last), _AXIS_Y - 8 - level * _STEP
        color = style.TIMELINE_RECENT if recent_from and date >= recent_from else style.TIMELINE_DOT
        out.append(f'<circle class="event" cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{color}">'
                   f"<title>{escape(date)} {escape(label)}</title></circle>")
    out.append("</svg>")
    return "".join(out)

