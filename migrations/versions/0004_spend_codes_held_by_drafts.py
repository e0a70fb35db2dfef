"""Spend the single-use codes that drafts still hold, and forget which draft a code opened.

Drafts used to keep the id of the code that opened them until the answers were sent: a copy of the database
taken meanwhile joined the code to the answers. A code is now spent when it opens the questionnaire, and the
draft never knows it (issue 12, item 4). Data only: no column changes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

draft = sa.table('draft', sa.column('id', sa.Integer()), sa.column('data', sa.JSON()))
access_code = sa.table('access_code', sa.column('id', sa.Integer()), sa.column('used', sa.Boolean()))


def upgrade():
    bind = op.get_bind()
    for draft_id, data in bind.execute(sa.select(draft.c.id, draft.c.data)).all():
        if not isinstance(data, dict) or 'access_code_id' not in data:
            continue
        data = dict(data)
        code_id = data.pop('access_code_id')
        if code_id is not None:
            bind.execute(sa.update(access_code).where(access_code.c.id == code_id).values(used=True))
        bind.execute(sa.update(draft).where(draft.c.id == draft_id).values(data=data))


def downgrade():
    # Which code opened which draft is forgotten on purpose: there is nothing to put back.
    pass
