"""Complaints and disputes: a member complains about an order, a listing or an enterprise; the
enterprise answers on the floor; an officer mediates after the answer time or on request."""
