"""monitoring rollups, spans, settings and API tokens

Revision ID: ef522b648f8c
Revises: 31d5a684f543
Create Date: 2026-11-28 05:17:04.937240

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ef522b648f8c'
down_revision = '31d5a684f543'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('monitoring_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participation_target', sa.Integer(), nullable=False),
    sa.Column('access_target', sa.Integer(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('raw_events_since', sa.Date(), nullable=True),
    sa.Column('presence_event_id', sa.Integer(), nullable=False),
    sa.Column('presence_event_count', sa.Integer(), nullable=False),
    sa.Column('spans_state', sa.JSON(), nullable=False),
    sa.Column('spans_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_monitoring_settings_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_settings'))
    )
    op.create_table('enterprise_access_years',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('months', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_enterprise_access_years_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_access_years')),
    sa.UniqueConstraint('enterprise_id', 'year', name=op.f('uq_enterprise_access_years_enterprise_id'))
    )
    op.create_table('listing_presence_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_listing_presence_changes_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_presence_changes'))
    )
    with op.batch_alter_table('listing_presence_changes', schema=None) as batch_op:
        batch_op.create_index('ix_listing_presence_changes_enterprise_at', ['enterprise_id', 'changed_at'], unique=False)

    op.create_table('monitoring_denominator_spans',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.Integer(), nullable=False),
    sa.Column('vsic_section', sa.String(length=1), nullable=False),
    sa.Column('size_class', sa.String(length=10), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('start_month', sa.Integer(), nullable=False),
    sa.Column('end_month', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_monitoring_denominator_spans_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_denominator_spans'))
    )
    with op.batch_alter_table('monitoring_denominator_spans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_denominator_spans_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_monitoring_denominator_spans_groups', ['commune_code', 'vsic_section', 'size_class', 'starts_at', 'ends_at', 'enterprise_id'], unique=False)
        batch_op.create_index('ix_monitoring_denominator_spans_months', ['start_month', 'end_month'], unique=False)

    op.create_table('monitoring_participation_spans',
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commune_code', sa.Integer(), nullable=False),
    sa.Column('vsic_section', sa.String(length=1), nullable=False),
    sa.Column('size_class', sa.String(length=10), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('start_month', sa.Integer(), nullable=False),
    sa.Column('end_month', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['enterprise_id'], ['registry_enterprises.id'], name=op.f('fk_monitoring_participation_spans_enterprise_id_registry_enterprises'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_participation_spans'))
    )
    with op.batch_alter_table('monitoring_participation_spans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_participation_spans_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index('ix_monitoring_participation_spans_groups', ['commune_code', 'vsic_section', 'size_class', 'starts_at', 'ends_at', 'enterprise_id'], unique=False)
        batch_op.create_index('ix_monitoring_participation_spans_months', ['start_month', 'end_month'], unique=False)



def downgrade():
    with op.batch_alter_table('monitoring_participation_spans', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_participation_spans_months')
        batch_op.drop_index('ix_monitoring_participation_spans_groups')
        batch_op.drop_index(batch_op.f('ix_monitoring_participation_spans_enterprise_id'))

    op.drop_table('monitoring_participation_spans')
    with op.batch_alter_table('monitoring_denominator_spans', schema=None) as batch_op:
        batch_op.drop_index('ix_monitoring_denominator_spans_months')
        batch_op.drop_index('ix_monitoring_denominator_spans_groups')
        batch_op.drop_index(batch_op.f('ix_monitoring_denominator_spans_enterprise_id'))

    op.drop_table('monitoring_denominator_spans')
    with op.batch_alter_table('listing_presence_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_listing_presence_changes_enterprise_at')

    op.drop_table('listing_presence_changes')
    op.drop_table('enterprise_access_years')
    op.drop_table('monitoring_settings')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
