"""what the PostgreSQL search backend needs: unaccent, floor_folded, its tables and indexes

Created here by whoever runs the migrations (the extension needs that privilege), never at run
time by the app's role. Nothing on SQLite (the embedded default searches with Whoosh).

Revision ID: 5b1e0c3a9d27
Revises: 6fe67f02aff5
Create Date: 2026-12-04 13:55:00

"""
from alembic import op

revision = '5b1e0c3a9d27'
down_revision = '6fe67f02aff5'
branch_labels = None
depends_on = None

STATEMENTS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'floor_folded') THEN
           CREATE TEXT SEARCH CONFIGURATION floor_folded (COPY = simple);
           ALTER TEXT SEARCH CONFIGURATION floor_folded
             ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
             WITH unaccent, simple;
         END IF;
       END $$""",
    "CREATE SEQUENCE IF NOT EXISTS search_bits_version",
    "CREATE TABLE IF NOT EXISTS search_bits_meta (epoch bigint NOT NULL)",
    """CREATE TABLE IF NOT EXISTS search_listings (listing_id integer PRIMARY KEY,
         enterprise_id integer NOT NULL, category_id integer NOT NULL, commune_code integer,
         price_vnd bigint, moq integer NOT NULL, cert_mask integer NOT NULL,
         published_at timestamp, title text NOT NULL, tsv_exact tsvector NOT NULL,
         tsv_folded tsvector NOT NULL, tsv_title tsvector NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS search_listings_folded_gin ON search_listings USING gin (tsv_folded)",
    "CREATE INDEX IF NOT EXISTS search_listings_exact_gin ON search_listings USING gin (tsv_exact)",
    "CREATE INDEX IF NOT EXISTS search_listings_title_gin ON search_listings USING gin (tsv_title)",
    "CREATE INDEX IF NOT EXISTS search_listings_newest ON search_listings "
    "(published_at DESC NULLS LAST, listing_id DESC)",
    "CREATE INDEX IF NOT EXISTS search_listings_price_up ON search_listings "
    "(price_vnd ASC NULLS LAST, listing_id)",
    "CREATE INDEX IF NOT EXISTS search_listings_price_down ON search_listings "
    "(price_vnd DESC NULLS LAST, listing_id)",
    """CREATE TABLE IF NOT EXISTS search_enterprises (enterprise_id integer PRIMARY KEY,
         commune_code integer, sector varchar(1), tsv_exact tsvector NOT NULL,
         tsv_folded tsvector NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS search_enterprises_folded_gin ON search_enterprises "
    "USING gin (tsv_folded)",
]
DROPS = ["DROP TABLE IF EXISTS search_listing_bits", "DROP TABLE IF EXISTS search_enterprises",
         "DROP TABLE IF EXISTS search_listings", "DROP TABLE IF EXISTS search_bits_meta",
         "DROP SEQUENCE IF EXISTS search_bits_version",
         "DROP TEXT SEARCH CONFIGURATION IF EXISTS floor_folded"]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in DROPS:
        op.execute(statement)
