"""money columns are 64-bit whole đồng

Revision ID: 31d5a684f543
Revises: f472ea7073fb
Create Date: 2026-11-28 05:27:52.570637

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '31d5a684f543'
down_revision = 'f472ea7073fb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('bank_statement_rows', schema=None) as batch_op:
        batch_op.alter_column('amount_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)

    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.alter_column('price_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=True)

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.alter_column('unit_price_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)
        batch_op.alter_column('line_total_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.alter_column('total_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)

    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.alter_column('amount_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)

    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.alter_column('amount_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)
        batch_op.alter_column('refunded_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.alter_column('unit_price_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=False)

    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.alter_column('target_price_vnd',
               existing_type=sa.INTEGER(),
               type_=sa.BigInteger(),
               existing_nullable=True)



def downgrade():
    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.alter_column('target_price_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=True)

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.alter_column('unit_price_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)

    with op.batch_alter_table('payments', schema=None) as batch_op:
        batch_op.alter_column('refunded_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)
        batch_op.alter_column('amount_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)

    with op.batch_alter_table('payment_refunds', schema=None) as batch_op:
        batch_op.alter_column('amount_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.alter_column('total_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)

    with op.batch_alter_table('order_lines', schema=None) as batch_op:
        batch_op.alter_column('line_total_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)
        batch_op.alter_column('unit_price_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)

    with op.batch_alter_table('listings', schema=None) as batch_op:
        batch_op.alter_column('price_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=True)

    with op.batch_alter_table('bank_statement_rows', schema=None) as batch_op:
        batch_op.alter_column('amount_vnd',
               existing_type=sa.BigInteger(),
               type_=sa.INTEGER(),
               existing_nullable=False)

