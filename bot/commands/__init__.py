"""The CLI subcommands of `python -m bot` / `buergermobil`."""
