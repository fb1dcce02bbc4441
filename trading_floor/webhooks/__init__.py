"""Webhooks to partners: an administrator registers a partner's endpoint and the events it wants
(listing published/changed/removed, RFQ opened/closed); each event becomes a delivery, signed as
Standard Webhooks say, sent by the job queue, retried with backoff and dead-lettered after a day
of failures. The administrators' page lists deliveries and sends one again on request."""
