"""standard rejection reasons officers edit

Revision ID: 6fe67f02aff5
Revises: 4de85184c31a
Create Date: 2026-12-04 12:57:54.564068

"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '6fe67f02aff5'
down_revision = '4de85184c31a'
branch_labels = None
depends_on = None


# the Department's usual reasons, seeded once per database; officers edit the list afterwards
STANDARD_REASONS = (
    "Ảnh không rõ hoặc không phải ảnh thật của sản phẩm",
    "Tên sản phẩm không đúng với sản phẩm hoặc có từ ngữ quảng cáo quá mức",
    "Sai danh mục",
    "Giá hoặc đơn vị bán không hợp lý",
    "Thiếu hoặc sai thông tin chứng nhận (OCOP, VietGAP…)",
    "Mô tả có số điện thoại, đường dẫn hoặc nội dung không liên quan",
    "Sản phẩm trùng với một sản phẩm khác của doanh nghiệp",
    "Hàng cấm hoặc hàng kinh doanh có điều kiện chưa có giấy phép",
)


def upgrade():
    reasons = op.create_table('rejection_reasons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rejection_reasons'))
    )
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    op.bulk_insert(reasons, [{"text": text, "position": position, "created_at": now}
                             for position, text in enumerate(STANDARD_REASONS)])


def downgrade():
    op.drop_table('rejection_reasons')
