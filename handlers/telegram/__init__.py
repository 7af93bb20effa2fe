"""The Telegram channel: PTB handlers, keyboards, sender, persistence, offline Bot API."""
