"""Partners of the floor: API keys of other floors and systems (the read API), tokens of
enterprises that keep their catalogue in step (the seller API), and the OpenAPI contract."""
