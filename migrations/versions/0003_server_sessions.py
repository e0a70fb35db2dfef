"""Server-side sessions: the table where Flask-Session keeps each browser's session, the cookie holding its id.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('server_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.String(length=255), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('expiry', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_server_session')),
    sa.UniqueConstraint('session_id', name=op.f('uq_server_session_session_id'))
    )
    with op.batch_alter_table('server_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_session_expiry'), ['expiry'], unique=False)


def downgrade():
    with op.batch_alter_table('server_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_session_expiry'))

    op.drop_table('server_session')
