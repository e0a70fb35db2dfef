"""Initial schema: territory, surveys, campaigns, responses, users, audit.

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:07:31.038922

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    
    op.create_table('academy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_academy')),
    sa.UniqueConstraint('name', name=op.f('uq_academy_name'))
    )
    op.create_table('question',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_slug', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question')),
    sa.UniqueConstraint('survey_slug', 'key', name=op.f('uq_question_survey_slug_key'))
    )
    op.create_table('survey_definition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_definition')),
    sa.UniqueConstraint('slug', 'version', name=op.f('uq_survey_definition_slug_version'))
    )
    with op.batch_alter_table('survey_definition', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_survey_definition_slug'), ['slug'], unique=False)

    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('role', sa.Enum('admin', 'coordinator', 'inspector', 'pilot', 'head', name='role', native_enum=False, length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_audit_entry_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)

    op.create_table('network',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('academy_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['academy_id'], ['academy.id'], name=op.f('fk_network_academy_id_academy')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_network')),
    sa.UniqueConstraint('name', name=op.f('uq_network_name'))
    )
    with op.batch_alter_table('network', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_network_academy_id'), ['academy_id'], unique=False)

    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('survey_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('school_year', sa.String(length=9), nullable=False),
    sa.Column('period', sa.String(length=20), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', name='campaignstatus', native_enum=False, length=10), nullable=False),
    sa.Column('access_mode', sa.Enum('link', 'codes', name='accessmode', native_enum=False, length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_campaign_network_id_network')),
    sa.ForeignKeyConstraint(['survey_id'], ['survey_definition.id'], name=op.f('fk_campaign_survey_id_survey_definition')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_school_year'), ['school_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_survey_id'), ['survey_id'], unique=False)

    op.create_table('pole',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_pole_network_id_network')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pole')),
    sa.UniqueConstraint('network_id', 'name', name=op.f('uq_pole_network_id_name'))
    )
    with op.batch_alter_table('pole', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pole_network_id'), ['network_id'], unique=False)

    op.create_table('establishment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('uai', sa.String(length=8), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('commune', sa.String(length=120), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('departement', sa.String(length=10), nullable=False),
    sa.Column('academy_label', sa.String(length=120), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('pole_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_establishment_network_id_network')),
    sa.ForeignKeyConstraint(['pole_id'], ['pole.id'], name=op.f('fk_establishment_pole_id_pole')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_establishment')),
    sa.UniqueConstraint('uai', name=op.f('uq_establishment_uai'))
    )
    with op.batch_alter_table('establishment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_establishment_network_id'), ['network_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_establishment_pole_id'), ['pole_id'], unique=False)

    op.create_table('access_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('used', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_access_code_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_access_code_establishment_id_establishment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_code')),
    sa.UniqueConstraint('code', name=op.f('uq_access_code_code'))
    )
    with op.batch_alter_table('access_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_code_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_code_establishment_id'), ['establishment_id'], unique=False)

    op.create_table('agreed_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.SmallInteger(), nullable=False),
    sa.Column('justification', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_agreed_level_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_agreed_level_establishment_id_establishment')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_agreed_level_question_id_question')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user_account.id'], name=op.f('fk_agreed_level_recorded_by_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreed_level')),
    sa.UniqueConstraint('campaign_id', 'establishment_id', 'question_id', name=op.f('uq_agreed_level_campaign_id_establishment_id_question_id'))
    )
    with op.batch_alter_table('agreed_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreed_level_establishment_id'), ['establishment_id'], unique=False)

    op.create_table('campaign_establishment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('short_code', sa.String(length=12), nullable=False),
    sa.Column('staff_size', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_campaign_establishment_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_campaign_establishment_establishment_id_establishment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_establishment')),
    sa.UniqueConstraint('campaign_id', 'establishment_id', name=op.f('uq_campaign_establishment_campaign_id_establishment_id')),
    sa.UniqueConstraint('short_code', name=op.f('uq_campaign_establishment_short_code')),
    sa.UniqueConstraint('token', name=op.f('uq_campaign_establishment_token'))
    )
    with op.batch_alter_table('campaign_establishment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_establishment_establishment_id'), ['establishment_id'], unique=False)

    op.create_table('draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('updated_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_draft_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_draft_establishment_id_establishment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_draft_token_hash'))
    )
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('response',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('campaign_id', sa.Integer(), nullable=False),
    sa.Column('establishment_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('survey_slug', sa.String(length=80), nullable=False),
    sa.Column('survey_version', sa.String(length=20), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('submission_key', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaign.id'], name=op.f('fk_response_campaign_id_campaign'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_response_establishment_id_establishment')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_response')),
    sa.UniqueConstraint('submission_key', name=op.f('uq_response_submission_key'))
    )
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.create_index('ix_response_campaign_establishment', ['campaign_id', 'establishment_id', 'category'], unique=False)
        batch_op.create_index(batch_op.f('ix_response_establishment_id'), ['establishment_id'], unique=False)

    op.create_table('user_scope',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=True),
    sa.Column('pole_id', sa.Integer(), nullable=True),
    sa.Column('establishment_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(CASE WHEN network_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN pole_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN establishment_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_user_scope_exactly_one_target')),
    sa.ForeignKeyConstraint(['establishment_id'], ['establishment.id'], name=op.f('fk_user_scope_establishment_id_establishment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['network_id'], ['network.id'], name=op.f('fk_user_scope_network_id_network'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['pole_id'], ['pole.id'], name=op.f('fk_user_scope_pole_id_pole'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_user_scope_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_scope'))
    )
    with op.batch_alter_table('user_scope', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_scope_user_id'), ['user_id'], unique=False)

    op.create_table('answer',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.SmallInteger(), nullable=True),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_question_id_question')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_answer_response_id_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_answer'))
    )
    op.create_table('answer_comment',
    sa.Column('response_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_answer_comment_question_id_question')),
    sa.ForeignKeyConstraint(['response_id'], ['response.id'], name=op.f('fk_answer_comment_response_id_response'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('response_id', 'question_id', name=op.f('pk_answer_comment'))
    )
    


def downgrade():
    
    op.drop_table('answer_comment')
    op.drop_table('answer')
    with op.batch_alter_table('user_scope', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_scope_user_id'))

    op.drop_table('user_scope')
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_response_establishment_id'))
        batch_op.drop_index('ix_response_campaign_establishment')

    op.drop_table('response')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_draft_campaign_id'))

    op.drop_table('draft')
    with op.batch_alter_table('campaign_establishment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_establishment_establishment_id'))

    op.drop_table('campaign_establishment')
    with op.batch_alter_table('agreed_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreed_level_establishment_id'))

    op.drop_table('agreed_level')
    with op.batch_alter_table('access_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_code_establishment_id'))
        batch_op.drop_index(batch_op.f('ix_access_code_campaign_id'))

    op.drop_table('access_code')
    with op.batch_alter_table('establishment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_establishment_pole_id'))
        batch_op.drop_index(batch_op.f('ix_establishment_network_id'))

    op.drop_table('establishment')
    with op.batch_alter_table('pole', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pole_network_id'))

    op.drop_table('pole')
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_survey_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_school_year'))
        batch_op.drop_index(batch_op.f('ix_campaign_network_id'))

    op.drop_table('campaign')
    with op.batch_alter_table('network', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_network_academy_id'))

    op.drop_table('network')
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_at'))

    op.drop_table('audit_entry')
    op.drop_table('user_account')
    with op.batch_alter_table('survey_definition', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_survey_definition_slug'))

    op.drop_table('survey_definition')
    op.drop_table('question')
    op.drop_table('academy')
    
