"""foundation: accounts, registry, catalogue, access events

Revision ID: 8113bde57e28
Revises: 
Create Date: 2026-11-28 04:45:11.741342

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8113bde57e28'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('admin_units',
    sa.Column('code', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('division_type', sa.String(length=20), nullable=False),
    sa.Column('codename', sa.String(length=120), nullable=False),
    sa.Column('province_code', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_admin_units'))
    )
    op.create_table('categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name_vi', sa.String(length=120), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['categories.id'], name=op.f('fk_categories_parent_id_categories')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('slug', name=op.f('uq_categories_slug'))
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_parent_id'), ['parent_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('is_active_account', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('registry_enterprises',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=14), nullable=False),
    sa.Column('parent_code', sa.String(length=14), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('address', sa.String(length=255), nullable=False),
    sa.Column('commune_code', sa.Integer(), nullable=False),
    sa.Column('vsic_code', sa.String(length=5), nullable=False),
    sa.Column('vsic_section', sa.String(length=1), nullable=False),
    sa.Column('size_class', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('registered_on', sa.Date(), nullable=True),
    sa.Column('first_imported_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('verified_via', sa.String(length=10), nullable=True),
    sa.Column('bank_bin', sa.String(length=6), nullable=True),
    sa.Column('bank_account', sa.String(length=19), nullable=True),
    sa.Column('bank_account_name', sa.String(length=70), nullable=True),
    sa.Column('about', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['commune_code'], ['admin_units.code'], name=op.f('fk_registry_enterprises_commune_code_admin_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_enterprises')),
    sa.UniqueConstraint('code', name=op.f('uq_registry_enterprises_code'))
    )
    with op.batch_alter_table('registry_enterprises', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_enterprises_commune_code'), ['commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_enterprises_parent_code'), ['parent_code'], unique=False)
        batch_op.create_index('ix_registry_enterprises_status_commune', ['status', 'commune_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_enterprises_vsic_section'), ['vsic_section'], unique=False)

    op.create_table('registry_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('added', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_registry_imports_imported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_imports'))
    )
    op.create_table('access_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_access_events_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_access_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_events'))
    )
    with op.batch_alter_table('access_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_events_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_events_occurred_at'), ['occurred_at'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('position', sa.String(length=120), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_claims_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_claims_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claims'))
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_user_id'), ['user_id'], unique=False)

    op.create_table('enterprise_access_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('events', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_enterprise_access_days_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_access_days')),
    sa.UniqueConstraint('enterprise_id', 'day', name=op.f('uq_enterprise_access_days_enterprise_id'))
    )
    with op.batch_alter_table('enterprise_access_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enterprise_access_days_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_enterprise_access_days_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_invitations_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_invitations_invited_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitations'))
    )
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitations_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('listings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('price_vnd', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('moq', sa.Integer(), nullable=False),
    sa.Column('tiers', sa.JSON(), nullable=False),
    sa.Column('availability', sa.String(length=20), nullable=False),
    sa.Column('season_from', sa.Integer(), nullable=True),
    sa.Column('season_to', sa.Integer(), nullable=True),
    sa.Column('origin_commune_code', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=False),
    sa.Column('view_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_listings_category_id_categories')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_listings_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['origin_commune_code'], ['admin_units.code'], name=op.f('fk_listings_origin_commune_code_admin_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listings')),
    sa.UniqueConstraint('enterprise_id', 'sku', name=op.f('uq_listings_enterprise_id'))
    )
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listings_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listings_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listings_status'), ['status'], unique=False)
        batch_op.create_index('ix_listings_status_published', ['status', 'published_at'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_memberships_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('user_id', 'enterprise_id', name=op.f('uq_memberships_user_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('registry_status_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_registry_status_changes_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['import_id'], ['registry_imports.id'], name=op.f('fk_registry_status_changes_import_id_registry_imports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_registry_status_changes'))
    )
    with op.batch_alter_table('registry_status_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_registry_status_changes_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_registry_status_changes_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('abuse_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_abuse_reports_handled_by_id_users')),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_abuse_reports_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_id'], ['users.id'], name=op.f('fk_abuse_reports_reporter_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_abuse_reports'))
    )
    with op.batch_alter_table('abuse_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abuse_reports_listing_id'), ['listing_id'], unique=False)

    op.create_table('claim_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_claim_decisions_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_claim_decisions_officer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_decisions'))
    )
    with op.batch_alter_table('claim_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_decisions_claim_id'), ['claim_id'], unique=False)

    op.create_table('listing_certifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_certifications_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_certifications')),
    sa.UniqueConstraint('listing_id', 'code', name=op.f('uq_listing_certifications_listing_id'))
    )
    with op.batch_alter_table('listing_certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_certifications_listing_id'), ['listing_id'], unique=False)

    op.create_table('listing_images',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=80), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_images_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_images'))
    )
    with op.batch_alter_table('listing_images', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_images_listing_id'), ['listing_id'], unique=False)

    op.create_table('listing_status_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_listing_status_events_actor_id_users')),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_listing_status_events_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_listing_status_events_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_status_events'))
    )
    with op.batch_alter_table('listing_status_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_listing_status_events_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_status_events_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_listing_status_events_listing_id'), ['listing_id'], unique=False)

    op.create_table('takedowns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_takedowns_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['users.id'], name=op.f('fk_takedowns_officer_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_takedowns'))
    )
    with op.batch_alter_table('takedowns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_takedowns_listing_id'), ['listing_id'], unique=False)



def downgrade():
    with op.batch_alter_table('takedowns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_takedowns_listing_id'))

    op.drop_table('takedowns')
    with op.batch_alter_table('listing_status_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_status_events_listing_id'))
        batch_op.drop_index(batch_op.f('ix_listing_status_events_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_listing_status_events_changed_at'))

    op.drop_table('listing_status_events')
    with op.batch_alter_table('listing_images', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_images_listing_id'))

    op.drop_table('listing_images')
    with op.batch_alter_table('listing_certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_listing_certifications_listing_id'))

    op.drop_table('listing_certifications')
    with op.batch_alter_table('claim_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_decisions_claim_id'))

    op.drop_table('claim_decisions')
    with op.batch_alter_table('abuse_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_abuse_reports_listing_id'))

    op.drop_table('abuse_reports')
    with op.batch_alter_table('registry_status_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_status_changes_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_registry_status_changes_changed_at'))

    op.drop_table('registry_status_changes')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_enterprise_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.drop_index('ix_listings_status_published')
        batch_op.drop_index(batch_op.f('ix_listings_status'))
        batch_op.drop_index(batch_op.f('ix_listings_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_listings_category_id'))

    op.drop_table('listings')
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitations_enterprise_id'))

    op.drop_table('invitations')
    with op.batch_alter_table('enterprise_access_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enterprise_access_days_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_enterprise_access_days_day'))

    op.drop_table('enterprise_access_days')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_user_id'))
        batch_op.drop_index(batch_op.f('ix_claims_status'))
        batch_op.drop_index(batch_op.f('ix_claims_enterprise_id'))

    op.drop_table('claims')
    with op.batch_alter_table('access_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_events_occurred_at'))
        batch_op.drop_index(batch_op.f('ix_access_events_enterprise_id'))

    op.drop_table('access_events')
    op.drop_table('registry_imports')
    with op.batch_alter_table('registry_enterprises', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_registry_enterprises_vsic_section'))
        batch_op.drop_index('ix_registry_enterprises_status_commune')
        batch_op.drop_index(batch_op.f('ix_registry_enterprises_parent_code'))
        batch_op.drop_index(batch_op.f('ix_registry_enterprises_commune_code'))

    op.drop_table('registry_enterprises')
    op.drop_table('users')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_parent_id'))

    op.drop_table('categories')
    op.drop_table('admin_units')
