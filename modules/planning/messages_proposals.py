"""Sentences of the proposals' (e-Musrenbang) codes: {code: (Indonesian, English)}."""

MESSAGES: dict[str, tuple[str, str]] = {}
