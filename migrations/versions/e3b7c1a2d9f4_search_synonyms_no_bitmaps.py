"""search: officers' synonym groups; the count bitmaps of the postgres backend go (issue 13)

Revision ID: e3b7c1a2d9f4
Revises: 952f386b67ca
Create Date: 2026-12-04 20:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'e3b7c1a2d9f4'
down_revision = '952f386b67ca'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'search_synonym_groups',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('words', sa.String(length=300), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'))
    if op.get_bind().dialect.name == "postgresql":
        # totals and facet counts are SQL over the tsvector table now (postgres_backend.py)
        op.execute("DROP TABLE IF EXISTS search_listing_bits")
        op.execute("DROP TABLE IF EXISTS search_listing_bits_new")
        op.execute("DROP TABLE IF EXISTS search_bits_meta")
        op.execute("DROP SEQUENCE IF EXISTS search_bits_version")
        op.execute("DROP TABLE IF EXISTS search_listings_new")
        op.execute("DROP TABLE IF EXISTS search_enterprises_new")


def downgrade():
    op.drop_table('search_synonym_groups')
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE IF NOT EXISTS search_bits_version")
        op.execute("CREATE TABLE IF NOT EXISTS search_bits_meta (epoch bigint NOT NULL)")
