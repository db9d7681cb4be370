"""Sentences of the plan's, budget's and realisation's codes: {code: (Indonesian, English)}."""

MESSAGES: dict[str, tuple[str, str]] = {}
