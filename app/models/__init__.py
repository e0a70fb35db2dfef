"""Typed SQLAlchemy 2 models, one module per aggregate."""

from app.models.audit import AuditEntry
from app.models.campaign import (
    AccessCode,
    AccessMode,
    Campaign,
    CampaignEstablishment,
    CampaignScope,
    CampaignState,
    CampaignStatus,
    CampaignWithdrawal,
)
from app.models.campaign_result import CampaignResult, CampaignResultKind, CampaignResultSlice
from app.models.indicators import IndicatorReport, IndicatorValue
from app.models.mail import MailStatus, OutboxAttachment, OutboxMessage
from app.models.moderation import CommentModeration
from app.models.notice import CampaignNotice, NoticeKind
from app.models.rendered_fragment import RenderedFragment
from app.models.response import AgreedLevel, Answer, AnswerComment, Draft, Question, Response
from app.models.results_stamp import install as install_results_stamp
from app.models.roadmap import PriorityStatus, Roadmap, RoadmapLevel, RoadmapPriority, SubjectKind
from app.models.session import ServerSession
from app.models.survey import SurveyDefinition
from app.models.territory import Academy, Department, Establishment, Network, Pole
from app.models.user import Role, User, UserScope

install_results_stamp(Campaign.metadata)

__all__ = [
    "Academy",
    "AccessCode",
    "AccessMode",
    "AgreedLevel",
    "Answer",
    "AnswerComment",
    "AuditEntry",
    "Campaign",
    "CampaignEstablishment",
    "CampaignNotice",
    "CampaignResult",
    "CampaignResultKind",
    "CampaignResultSlice",
    "CampaignScope",
    "CampaignState",
    "CampaignStatus",
    "CampaignWithdrawal",
    "CommentModeration",
    "Department",
    "Draft",
    "Establishment",
    "IndicatorReport",
    "IndicatorValue",
    "MailStatus",
    "Network",
    "NoticeKind",
    "OutboxAttachment",
    "OutboxMessage",
    "Pole",
    "PriorityStatus",
    "Question",
    "RenderedFragment",
    "Response",
    "Roadmap",
    "RoadmapLevel",
    "RoadmapPriority",
    "Role",
    "ServerSession",
    "SubjectKind",
    "SurveyDefinition",
    "User",
    "UserScope",
]
