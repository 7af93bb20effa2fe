"""The channel-free core: domain and application services (no telegram, no web framework)."""
