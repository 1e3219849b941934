"""The panels of the admin index ("what needs attention"). A panel is a function taking the
request and returning a Panel, or None when this staff member may not see it. Apps register
theirs from their AppConfig.ready():

    from cestmoi.dashboard import Panel, register_panel
    register_panel("complaints_open", complaints_panel)

A panel that fails is left out and logged: one broken panel must not close the admin."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Panel:
    title: str
    count: int
    url: str


PanelFunction = Callable[..., Panel | None]
_panels: dict[str, PanelFunction] = {}


def register_panel(key: str, function: PanelFunction) -> None:
    """Add a panel (registering the same key again replaces it, so reloads are harmless)."""
    _panels[key] = function


def panels_for(request) -> list[Panel]:
    shown = []
    for key, function in _panels.items():
        try:
            panel = function(request)
        except Exception:
            logger.exception("Dashboard panel %s failed", key)
            continue
        if panel is not None:
            shown.append(panel)
    return shown
