"""Rules of octo/content (SPEC-CAPABILITIES §1): localized content, Accept-Language and the language headers."""
