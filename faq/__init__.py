"""The FAQ: content (essen.yaml), loading and validation, and the German question matcher."""

from faq.check import CheckReport, check_faq
from faq.language import detect, language_of
from faq.matcher import Candidate, Decision, FaqMatcher, MatchResult
from faq.model import DEFAULT_FAQ_PATH, Faq, FaqEntry, FaqError, load_faq
from faq.synonyms import DEFAULT_SYNONYMS_PATH, Synonyms, SynonymsError, load_synonyms

__all__ = [
    "DEFAULT_FAQ_PATH",
    "DEFAULT_SYNONYMS_PATH",
    "Candidate",
    "CheckReport",
    "Decision",
    "Faq",
    "FaqEntry",
    "FaqError",
    "FaqMatcher",
    "MatchResult",
    "Synonyms",
    "SynonymsError",
    "check_faq",
    "detect",
    "language_of",
    "load_faq",
    "load_synonyms",
]
