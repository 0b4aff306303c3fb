"""Runs inside a notebook's kernel (browser.py loads it with runpy): which 3-D axes are shown.

Public APIs only: a widget is found by its model id through ipywidgets' own deserializer,
and the ipympl canvases inside it are found by walking boxes and Output widgets, so a
figure kept out of pyplot's list (the explorer's) counts like any other.
"""

import json

from ipympl.backend_nbagg import Canvas
from ipywidgets import Box, Output, widget_serialization

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def widget(model_id):
    """The live widget with this model id, or None."""
    found = widget_serialization["from_json"](f"IPY_MODEL_{model_id}", None)
    return None if isinstance(found, str) else found


def canvases(shown):
    """The ipympl canvases that a widget shows, in page order."""
    if isinstance(shown, Canvas):
        return [shown]
    if isinstance(shown, Box):
        return [canvas for child in shown.children for canvas in canvases(child)]
    if isinstance(shown, Output):
        views = [out.get("data", {}).get(WIDGET_VIEW) for out in shown.outputs]
        return [canvas for view in views if view
                for canvas in canvases(widget(view["model_id"]))]
    return []


def three_d_axes(model_ids):
    """JSON: {model id: one list per canvas it shows, of its 3-D axes}.

    Each axes is [left, bottom, width, height] in figure fractions followed by the view
    angles [elev, azim, roll].
    """
    return json.dumps({
        model_id: [[list(axes.get_position().bounds) + [axes.elev, axes.azim, axes.roll]
                    for axes in canvas.figure.axes if axes.name == "3d"]
                   for canvas in canvases(widget(model_id))]
        for model_id in model_ids
    })
