"""Requests from competent authorities: takedowns (with the time from receipt to takedown against
AUTHORITY_TAKEDOWN_HOURS) and data requests about an enterprise, each recorded."""
