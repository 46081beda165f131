"""The one error type of the expression engine."""

from __future__ import annotations


class ExprError(ValueError):
    """An expression Tilik cannot read. The message is Indonesian and names the position (1-based)."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.position = position
        self.reason = message
        text = f"{message} (posisi {position})" if position is not None else message
        super().__init__(text)
