"""The platform node's side of document exchange: outbox, inbox and per-recipient statuses."""
