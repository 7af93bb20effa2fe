"""faq package."""
