"""inquiries, requests for quotation, quotes and notifications

Revision ID: e4fd147253f5
Revises: a098097f4943
Create Date: 2026-11-28 04:53:17.891257

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4fd147253f5'
down_revision = 'a098097f4943'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('url', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_user_id'), ['user_id'], unique=False)

    op.create_table('rfqs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('target_price_vnd', sa.Integer(), nullable=True),
    sa.Column('delivery_commune_code', sa.Integer(), nullable=True),
    sa.Column('delivery_place', sa.String(length=255), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_rfqs_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_rfqs_category_id_categories')),
    sa.ForeignKeyConstraint(['delivery_commune_code'], ['admin_units.code'], name=op.f('fk_rfqs_delivery_commune_code_admin_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfqs'))
    )
    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfqs_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_deadline'), ['deadline'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_delivery_commune_code'), ['delivery_commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfqs_status'), ['status'], unique=False)

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('unit_price_vnd', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_quotes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_quotes_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_quotes_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes')),
    sa.UniqueConstraint('rfq_id', 'enterprise_id', name=op.f('uq_quotes_rfq_id'))
    )
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_rfq_id'), ['rfq_id'], unique=False)

    op.create_table('inquiries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('buyer_id', sa.Integer(), nullable=False),
    sa.Column('listing_title', sa.String(length=200), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('buyer_unread', sa.Integer(), nullable=False),
    sa.Column('seller_unread', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_message_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_id'], ['users.id'], name=op.f('fk_inquiries_buyer_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_inquiries_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_inquiries_listing_id_listings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiries'))
    )
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiries_buyer_id'), ['buyer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_last_message_at'), ['last_message_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_inquiries_listing_id'), ['listing_id'], unique=False)

    op.create_table('inquiry_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('inquiry_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('from_buyer', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_inquiry_messages_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['inquiry_id'], ['inquiries.id'], name=op.f('fk_inquiry_messages_inquiry_id_inquiries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inquiry_messages'))
    )
    with op.batch_alter_table('inquiry_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inquiry_messages_inquiry_id'), ['inquiry_id'], unique=False)



def downgrade():
    with op.batch_alter_table('inquiry_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiry_messages_inquiry_id'))

    op.drop_table('inquiry_messages')
    with op.batch_alter_table('inquiries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inquiries_listing_id'))
        batch_op.drop_index(batch_op.f('ix_inquiries_last_message_at'))
        batch_op.drop_index(batch_op.f('ix_inquiries_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_inquiries_buyer_id'))

    op.drop_table('inquiries')
    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_rfq_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_enterprise_id'))

    op.drop_table('quotes')
    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfqs_status'))
        batch_op.drop_index(batch_op.f('ix_rfqs_delivery_commune_code'))
        batch_op.drop_index(batch_op.f('ix_rfqs_deadline'))
        batch_op.drop_index(batch_op.f('ix_rfqs_category_id'))
        batch_op.drop_index(batch_op.f('ix_rfqs_buyer_id'))

    op.drop_table('rfqs')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_user_id'))

    op.drop_table('notifications')
