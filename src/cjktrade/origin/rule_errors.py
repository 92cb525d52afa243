"""Errors of the origin rule language, placed in the package's one exception tree.

::

    InvalidInputError
    ├── RuleSyntaxError        canonical rule text that does not follow the grammar of ``parse_rule``
    └── UnparsedWordingError   source wording (Korean statute, CPTPP prose) the parsers do not understand
"""

from __future__ import annotations

from cjktrade.core.errors import InvalidInputError


class RuleSyntaxError(InvalidInputError):
    """Canonical rule text is malformed; the message quotes the text and the position."""

    slug = "rule-syntax"


class UnparsedWordingError(InvalidInputError):
    """A product-specific rule's legal wording could not be read into the rule language.

    The compilers catch it and keep the rule as *unparsed* (or look for a reviewed override):
    a rule is never guessed.
    """

    slug = "unparsed-wording"
