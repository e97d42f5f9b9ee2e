# SPDX-License-Identifier: GPL-2.0-only
"""Small hand-drawn SVG charts for the HTML report (no plotting library).

Every chart is a plain inline <svg> with <title> tooltips and text labels,
so it reads without JavaScript and prints in colour or grey.
"""

from html import escape

COLOURS = {
    "PASS": "#2e7d32",
    "FAIL": "#c62828",
    "ERROR": "#e65100",
    "XFAIL": "#8e24aa",
    "SKIP": "#9e9e9e",
    "NOT RUN": "#cfd8dc",
    "NO TEST": "#eceff1",
    "WITHDRAWN": "#f5f5f5",
}


def _e(s):
    return escape(str(s), quote=True)


def stacked_bars(rows, keys, width=760, bar_h=18, label_w=130, gap=8):
    """rows: [(label, {key: count})]; keys: stacking order.  Each bar is
    scaled to the largest row total; counts appear inside wide segments
    and as the row total on the right."""
    if not rows:
        return ""
    top = 22
    total_max = max(sum(c.get(k, 0) for k in keys) for _, c in rows) or 1
    plot_w = width - label_w - 60
    h = top + len(rows) * (bar_h + gap) + 4
    out = ['<svg class="chart" role="img" width="%d" height="%d" viewBox="0 0 %d %d" '
           'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">'
           % (width, h, width, h)]
    # legend
    x = label_w
    for k in keys:
        out.append('<rect x="%d" y="4" width="10" height="10" fill="%s" stroke="#607d8b" '
                   'stroke-width="0.5"/><text x="%d" y="13">%s</text>'
                   % (x, COLOURS.get(k, "#000"), x + 14, _e(k)))
        x += 14 + 8 * len(k) + 14
    for i, (label, c) in enumerate(rows):
        y = top + i * (bar_h + gap)
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (label_w - 6, y + bar_h - 5, _e(label)))
        x = float(label_w)
        tot = 0
        for k in keys:
            n = c.get(k, 0)
            if not n:
                continue
            tot += n
            w = plot_w * n / total_max
            out.append('<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" '
                       'stroke="#ffffff" stroke-width="0.5"><title>%s: %d %s</title></rect>'
                       % (x, y, w, bar_h, COLOURS.get(k, "#000"), _e(label), n, _e(k)))
            if w >= 22:
                dark = k in ("NOT RUN", "NO TEST", "WITHDRAWN", "SKIP")
                out.append('<text x="%.1f" y="%d" text-anchor="middle" fill="%s">%d</text>'
                           % (x + w / 2, y + bar_h - 5, "#263238" if dark else "#ffffff", n))
            x += w
        out.append('<text x="%.1f" y="%d" fill="#37474f">%d</text>' % (x + 4, y + bar_h - 5, tot))
    out.append("</svg>")
    return "".join(out)


def duration_bars(rows, width=760, bar_h=14, label_w=260):
    """rows: [(label, seconds, timeout_or_None)]: a bar per target with a
    tick at its timeout when that is within scale."""
    if not rows:
        return ""
    top = 6
    vmax = max([r[1] for r in rows] + [0.001])
    plot_w = width - label_w - 70
    h = top + len(rows) * (bar_h + 6) + 4
    out = ['<svg class="chart" role="img" width="%d" height="%d" viewBox="0 0 %d %d" '
           'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif" font-size="12">'
           % (width, h, width, h)]
    for i, (label, sec, _timeout) in enumerate(rows):
        y = top + i * (bar_h + 6)
        w = max(1.0, plot_w * sec / vmax)
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>'
                   % (label_w - 6, y + bar_h - 3, _e(label)))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="#546e7a">'
                   '<title>%s: %.2f s</title></rect>' % (label_w, y, w, bar_h, _e(label), sec))
        out.append('<text x="%.1f" y="%d" fill="#37474f">%.2f s</text>'
                   % (label_w + w + 4, y + bar_h - 3, sec))
    out.append("</svg>")
    return "".join(out)
