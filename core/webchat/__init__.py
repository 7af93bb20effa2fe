"""The web chat, channel-free: sessions and codes, the conversation, the inbox the outbox sends to."""

from core.webchat.conversation import GO_STOPS, GO_VISIT, Visitor, WebChat
from core.webchat.identity import Identity, normalise_code
from core.webchat.inbox import Listeners, WebInbox
from core.webchat.owner import WebChatOwner
from storage.webchat import WebMessage

__all__ = [
    "GO_STOPS",
    "GO_VISIT",
    "Identity",
    "Listeners",
    "Visitor",
    "WebChat",
    "WebChatOwner",
    "WebInbox",
    "WebMessage",
    "normalise_code",
]
