"""What the floor publishes for machines: Merchant-format product feeds, sitemaps, robots.txt and
Atom feeds of new listings and requests for quotation. Everything here is public, cacheable and
streamed a page of rows at a time (a feed of the whole floor never sits in memory as a list)."""
