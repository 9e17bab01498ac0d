"""The widgets' theme: pygame_gui's theme JSON from assets/, its font sizes scaled for the window and --ui-scale,
and drop-down rows as tall as their text."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path

from exoviz.ui.textfit import noto

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def load_theme(name: str, unit: float) -> dict:
    """The theme JSON from assets/, with every font size scaled for the window and --ui-scale."""
    data = json.loads((ASSETS / f"ui_theme_{name}.json").read_text())
    out = copy.deepcopy(data)
    for block in out.values():
        font = block.get("font")
        if font and "size" in font:
            font["size"] = str(max(10, int(round(int(font["size"]) * unit))))
    # a drop-down's rows (pygame_gui's selection list: 20 px whatever the font) as tall as their text and padding
    px = int(out["defaults"]["font"]["size"])
    row = str(menu_row_height(px))
    for key in ("selection_list", "drop_down_menu"):
        out.setdefault(key, {}).setdefault("misc", {})["list_item_height"] = row
    out["#overflow"] = {"misc": {"expand_direction": "up"}}  # ui/overflow.py: at the bottom of the scene
    # tooltips (pygame_gui's: 14 px text in a 170 px box whatever the size) in the labels' text, a little smaller
    tip = tooltip_px(int(out["label"]["font"]["size"]))
    out["tool_tip.text_box"] = {"font": {"name": "noto_sans", "size": str(tip), "bold": "0"}}
    out["tool_tip"] = {"misc": {"rect_width": str(16 * tip)}}  # about 30 characters a line
    return out


def tooltip_px(label_px: int) -> int:
    """The tooltips' text size (px) beside labels of label_px: four fifths of it, at least pygame_gui's 14."""
    return max(14, int(round(0.8 * label_px)))


def menu_row_height(px: int) -> int:
    """Height (px) of a drop-down menu's row for its (bold) text at px: the text's line and a margin."""
    return noto(px, True).get_linesize() + max(4, px // 3)


@lru_cache(maxsize=8)
def widget_font_px(name: str, unit: float) -> int:
    """The px size of the widgets' (bold) text in a theme at a text unit, as load_theme scales it."""
    return int(load_theme(name, unit)["button"]["font"]["size"])
