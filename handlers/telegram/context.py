"""The typed callback context: handlers reach their services as `context.services`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot

if TYPE_CHECKING:
    from core.services import Services

__all__ = ["BotApplication", "BotContext", "BotData"]


class BotData:
    """Application-wide data: holds the services (not persisted)."""

    def __init__(self) -> None:
        self._services: Services | None = None

    @property
    def services(self) -> Services:
        """The services; set once when the application is built."""
        if self._services is None:
            raise RuntimeError("services are not attached to the application")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], BotData]):
    """CallbackContext with typed access to the services."""

    @property
    def services(self) -> Services:
        """The bot's services."""
        return self.bot_data.services


BotApplication = Application[ExtBot[None], BotContext, dict[str, Any], dict[str, Any], BotData, Any]
