"""Signals between domains, sent after the database transaction committed."""

from blinker import Namespace

floor_signals = Namespace()

# enterprise_ids: registry enterprises whose data or status changed (an import, a verification)
registry_changed = floor_signals.signal("registry-changed")
# listing_ids: listings whose public visibility or content may have changed
listings_changed = floor_signals.signal("listings-changed")
# rfq_ids: requests for quotation opened or closed (posted, cancelled, expired, awarded)
rfqs_changed = floor_signals.signal("rfqs-changed")
# user, kind (search|listing|storefront|rfq), target_enterprise_id: a page was looked at
# (monitoring decides whether it counts for the access rate); sent by the views
accessed = floor_signals.signal("accessed")
# user, params (search.service.SearchParams), total: a listing search ran (page 1 or later);
# the demand report records it (what was searched, what found nothing or little)
searched = floor_signals.signal("searched")
