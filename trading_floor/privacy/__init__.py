"""A member's personal-data rights: a copy of their data, and deleting the account (what the
law obliges the floor to keep is kept with the personal fields replaced), with the request log."""
