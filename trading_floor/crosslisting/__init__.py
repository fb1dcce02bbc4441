"""The cross-listing tracker: where else an enterprise sells (Postmart, Voso, Shopee, Lazada,
Tiki, TikTok Shop, Sendo, the cooperative floor, its own website, …), with the shop's URL and
since when; shown on its storefront, and counted by monitoring as the connected rate."""
