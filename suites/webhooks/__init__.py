"""Rules of octo/webhooks (SPEC-CAPABILITIES §6.1): subscriptions, and what a booking change delivers."""
