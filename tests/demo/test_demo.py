"""Demo data: the réseau Sainte Victoire, valid answers for every instrument, uneven progress, open campaigns."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date

import pytest
from sqlalchemy import func, select

from app.clock import today
from app.demo import accounts as demo_accounts
from app.demo.build import SHOWCASE_COMMENTS, DemoError, DemoOptions, build_demo
from app.demo.places import plan_establishments
from app.models import (
    AgreedLevel,
    Answer,
    AnswerComment,
    Campaign,
    CampaignEstablishment,
    CampaignStatus,
    Establishment,
    Network,
    Pole,
    Question,
    Response,
    Role,
    SurveyDefinition,
    User,
)
from app.services.accounts.passwords import check_password
from app.services.campaigns.campaigns import school_year_of
from app.services.territory.uai import is_valid_uai
from app.surveys.question_types import DONT_KNOW_CHOICE, NOT_APPLICABLE, QUESTION_TYPES
from app.surveys.registry import registry
from app.surveys.schema import DONT_KNOW
from tests.demo_data import hashed_once

SMALL = DemoOptions(establishments=9, respondents=6, campaigns=3, seed=42, comparison=False)  # Sainte Victoire only


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setattr(demo_accounts, "hash_password", hashed_once)  # argon2 is slow on purpose; hash once
    messages: list[str] = []
    report = build_demo(SMALL, messages.append)
    db.session.flush()
    return report, messages


def slugs() -> list[str]:
    """The questionnaires' slugs (the indicator campaigns are tests/demo/test_demo_indicators.py's)."""
    return sorted({item.survey.slug for item in registry() if not item.survey.is_indicators})


def test_builds_the_three_poles_of_sainte_victoire(db, demo):
    network = db.session.scalar(select(Network).filter_by(name="Sainte Victoire"))
    assert network.academy.name == "Aix-Marseille"
    assert sorted(p.name for p in network.poles) == ["Aix", "Gardanne", "Pertuis"]
    establishments = db.session.scalars(select(Establishment)).all()
    assert len(establishments) == 9
    assert Counter(e.pole.name for e in establishments) == {"Aix": 3, "Pertuis": 3, "Gardanne": 3}
    assert {"École", "Collège", "Lycée"} <= {e.kind for e in establishments}
    for establishment in establishments:
        assert is_valid_uai(establishment.uai)
        assert establishment.uai[:3] == establishment.departement in {"013", "084"}
        assert establishment.network_id == network.id


def test_three_closed_campaigns_and_one_open_per_instrument(db, demo):
    start = school_year_of(today())
    past = [f"{y}-{y + 1}" for y in range(start - 3, start)]
    for slug in slugs():
        campaigns = db.session.scalars(
            select(Campaign).join(Campaign.survey).where(Campaign.survey.has(slug=slug)).order_by(Campaign.school_year)
        ).all()
        assert [c.school_year for c in campaigns] == [*past, f"{start}-{start + 1}"]
        assert [c.status for c in campaigns] == [CampaignStatus.CLOSED] * 3 + [CampaignStatus.OPEN]
        current = campaigns[-1]
        assert current.accepts_answers(today())
        assert current.opens_on < today() < current.closes_on
        assert all(not c.accepts_answers(today()) for c in campaigns[:-1])
        open_answers = db.session.scalar(select(func.count(Response.id)).filter_by(campaign_id=current.id))
        closed_answers = db.session.scalar(select(func.count(Response.id)).filter_by(campaign_id=campaigns[0].id))
        assert 0 < open_answers < closed_answers  # a few responses so far


def test_every_answer_is_valid_for_its_question(db, demo):
    keys = dict(db.session.execute(select(Question.id, Question.key)).all())
    answers = defaultdict(dict)
    for response_id, question_id, value in db.session.execute(
        select(Answer.response_id, Answer.question_id, Answer.value)
    ):
        answers[response_id][keys[question_id]] = value
    responses = db.session.scalars(select(Response)).all()
    assert len(answers) == len(responses) > 100
    for response in responses:
        survey = registry().get(response.survey_slug, response.survey_version)
        assert response.category in {c.id for c in survey.categories}
        given = answers[response.id]
        for _, question in survey.questions():
            if question.id not in given:
                assert not question.required, f"{question.id} manque"
                continue
            value = given[question.id]
            raw = NOT_APPLICABLE if value is None else DONT_KNOW_CHOICE if value == DONT_KNOW else str(value)
            assert QUESTION_TYPES[question.type].parse(survey, question, raw) == value
        assert set(given) <= {q.id for _, q in survey.questions()}


def test_submission_dates_stay_within_the_campaign_and_the_school_year(db, demo):
    rows = db.session.execute(
        select(Response.submitted_on, Campaign.opens_on, Campaign.closes_on, Campaign.school_year).join(Campaign)
    ).all()
    for submitted_on, opens_on, closes_on, school_year in rows:
        first = int(school_year[:4])
        assert date(first, 9, 1) <= submitted_on <= date(first + 1, 8, 31)
        assert opens_on <= submitted_on <= min(closes_on, today())


def grid_mean(db, pole: str, key: str, school_year: str) -> float:
    """Mean level of a grid dimension in one school year for a pole, « je ne sais pas » apart (as the app counts)."""
    return float(
        db.session.scalar(
            select(func.avg(Answer.value))
            .join(Response)
            .join(Campaign)
            .join(Establishment, Response.establishment)
            .join(Pole)
            .join(Question, Answer.question_id == Question.id)
            .where(
                Pole.name == pole,
                Question.key == key,
                Question.survey_slug == "territoire-apprenant",
                Campaign.school_year == school_year,
                Answer.value != DONT_KNOW,
            )
        )
    )


def test_levels_progress_unevenly_across_poles(db, demo):
    start = school_year_of(today())
    first, last = f"{start - 3}-{start - 2}", f"{start - 1}-{start}"
    assert grid_mean(db, "Aix", "collectif", last) > grid_mean(db, "Aix", "collectif", first) + 0.4
    assert grid_mean(db, "Gardanne", "partenaires", last) > grid_mean(db, "Gardanne", "partenaires", first) + 0.4
    # Gardanne works on its partners, not on its collective.
    assert abs(grid_mean(db, "Gardanne", "collectif", last) - grid_mean(db, "Gardanne", "collectif", first)) < 0.4


def test_participation_varies_and_some_establishments_stay_under_the_threshold(db, demo):
    counts = db.session.execute(
        select(Response.establishment_id, func.count(Response.id))
        .join(Campaign)
        .where(Campaign.status == CampaignStatus.CLOSED)
        .group_by(Response.campaign_id, Response.establishment_id)
    ).all()
    sizes = [n for _, n in counts]
    assert min(sizes) < 5 <= max(sizes)
    staff = dict(
        db.session.execute(
            select(CampaignEstablishment.id, CampaignEstablishment.staff_size)
            .join(Campaign)
            .where(Campaign.survey.has(SurveyDefinition.kind != "indicators"))  # no staff answers indicators
        ).all()
    )
    assert all(size and size > 0 for size in staff.values())
    over = db.session.execute(
        select(func.count())
        .select_from(CampaignEstablishment)
        .where(
            CampaignEstablishment.staff_size
            < select(func.count(Response.id))
            .where(
                Response.campaign_id == CampaignEstablishment.campaign_id,
                Response.establishment_id == CampaignEstablishment.establishment_id,
            )
            .scalar_subquery()
        )
    ).scalar()
    assert over == 0  # never more answers than staff
    categories = Counter(db.session.scalars(select(Response.category)))
    assert categories.most_common(1)[0][0] == "enseignant"
    assert len(categories) >= 3


def test_comments_and_agreed_levels(db, demo):
    assert db.session.scalar(select(func.count()).select_from(AnswerComment)) > 0
    agreed = db.session.scalars(select(AgreedLevel)).all()
    assert agreed
    assert all(1 <= a.level <= 5 and a.justification for a in agreed)
    statuses = {db.session.get(Campaign, a.campaign_id).status for a in agreed}
    assert statuses == {CampaignStatus.CLOSED}


def test_demo_accounts(db, demo):
    report, messages = demo
    users = {u.email: u for u in db.session.scalars(select(User))}
    head = "direction.college-sophie-germain@demo.boussole.fr"
    assert set(users) == {
        "admin@demo.boussole.fr",
        "coordination@demo.boussole.fr",
        "ia-ipr@demo.boussole.fr",
        "pilote.aix@demo.boussole.fr",
        head,
        "academie@demo.boussole.fr",
        "dasen13@demo.boussole.fr",
    }
    assert {email for email, _ in report.accounts} == set(users)
    assert users["academie@demo.boussole.fr"].scopes[0].academy.name == "Aix-Marseille"
    assert users["dasen13@demo.boussole.fr"].scopes[0].department.code == "13"
    assert users["pilote.aix@demo.boussole.fr"].role == Role.PILOT
    assert users["pilote.aix@demo.boussole.fr"].scopes[0].pole.name == "Aix"
    assert users["coordination@demo.boussole.fr"].scopes[0].network.name == "Sainte Victoire"
    assert users["ia-ipr@demo.boussole.fr"].role == Role.INSPECTOR
    establishment = users[head].scopes[0].establishment
    assert (establishment.kind, establishment.pole.name) == ("Collège", "Aix")
    assert check_password(users[head].password_hash, "boussole-demo")
    assert len(report.open_links) == len(slugs())
    assert messages[0].startswith("Territoire : 1 réseau(x), 3 pôles, 9 établissements")


def test_building_twice_is_refused(db, demo):
    with pytest.raises(DemoError, match="existent déjà"):
        build_demo(SMALL)


def test_large_demos_spread_over_several_networks():
    planned = plan_establishments(250, random.Random(1))
    by_network = Counter(p.network for p in planned)
    assert by_network == {0: 120, 1: 130}
    poles = Counter((p.network, p.pole) for p in planned)
    assert max(poles.values()) == 40 and len(poles) == 3 + 4  # no empty pole
    assert len({p.network for p in plan_establishments(2000, random.Random(1))}) == 11


def count_rows(db) -> tuple[int, int, int]:
    db.session.rollback()
    return (
        db.session.scalar(select(func.count(Establishment.id))),
        db.session.scalar(select(func.count(Response.id))),
        db.session.scalar(select(func.count(User.id))),
    )


def test_cli_if_empty_is_idempotent(runner, db):
    result = runner.invoke(
        args=["demo", "--if-empty", "--establishments", "6", "--respondents", "5", "--campaigns", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "Comptes de démonstration (mot de passe « boussole-demo ») :" in result.output
    assert "/q/" in result.output
    created = count_rows(db)
    # 6 of Sainte Victoire and 12 of the two networks compared; one account per role
    assert created[0] == 6 + 12 and created[1] > 0 and created[2] == 7

    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0
    assert "aucune donnée de démonstration ajoutée" in again.output
    assert count_rows(db) == created


def test_cli_refuses_a_second_demo_without_if_empty(runner, db):
    runner.invoke(args=["demo", "--establishments", "3", "--respondents", "2", "--campaigns", "1"])
    result = runner.invoke(args=["demo", "--establishments", "3"])
    assert result.exit_code == 1
    assert "existent déjà" in result.stderr


def campaigns_of(db, slug: str) -> list[Campaign]:
    return list(
        db.session.scalars(
            select(Campaign).where(Campaign.survey.has(slug=slug)).order_by(Campaign.school_year, Campaign.id)
        )
    )


def test_the_latest_school_years_run_the_second_edition_of_self_positioning(db, demo):
    campaigns = campaigns_of(db, "autopositionnement")
    # The two earlier closed years on edition 1; the latest closed year and the open one on edition 2.
    assert [c.survey.version for c in campaigns] == ["1", "1", "2", "2"]
    assert campaigns[2].status == CampaignStatus.CLOSED and campaigns[3].status == CampaignStatus.OPEN
    versions = defaultdict(set)
    for campaign_id, version in db.session.execute(
        select(Response.campaign_id, Response.survey_version).distinct()
    ).all():
        versions[campaign_id].add(version)
    # each response says which edition it answered, and one campaign's responses answered one edition
    assert [versions[c.id] for c in campaigns] == [{"1"}, {"1"}, {"2"}, {"2"}]
    asked = defaultdict(set)
    for version, key in db.session.execute(
        select(Response.survey_version, Question.key)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Answer.question_id == Question.id)
        .where(Response.survey_slug == "autopositionnement")
        .distinct()
    ):
        asked[version].add(key)
    assert asked["1"] - asked["2"] == {"ap-signalement-harcelement"}  # replaced in edition 2…
    assert asked["2"] - asked["1"] == {"ap-prevention-harcelement", "ap-formation-proximite"}  # …by one, plus one new
    assert "ap-temps-seance" in asked["1"] & asked["2"]  # reworded under the same id


def test_the_latest_grid_campaigns_offer_dont_know_and_a_few_take_it(db, demo):
    campaigns = campaigns_of(db, "territoire-apprenant")
    # As for self-positioning: edition 1 for the two earlier closed years, edition 2 (« je ne sais pas ») after.
    assert [c.survey.version for c in campaigns] == ["1", "1", "2", "2"]
    levels = [q.id for _, q in registry().get("territoire-apprenant", "2").questions()]
    counts: Counter[tuple[str, str, bool]] = Counter()
    for version, key, value in db.session.execute(
        select(Response.survey_version, Question.key, Answer.value)
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Answer.question_id == Question.id)
        .where(Response.survey_slug == "territoire-apprenant")
    ):
        counts[version, key, value == DONT_KNOW] += 1
    assert {key for version, key, _ in counts if version == "1"} == set(levels)  # the same dimensions, same series
    assert not any(unsure for version, _, unsure in counts if version == "1")  # edition 1 did not offer it
    unsure = sum(counts["2", key, True] for key in levels)
    answered = unsure + sum(counts["2", key, False] for key in levels)
    assert answered > 300 and 0.02 < unsure / answered < 0.08  # a small share, around 3–6 %
    assert sum(counts["2", key, True] > 0 for key in levels) >= 3  # on several dimensions, not one


def theme_mean(db, pole: str | None, section: str, school_year: str) -> float:
    """Mean answer to a self-positioning theme's items in one school year, for a pole or the whole network."""
    survey = registry().latest("autopositionnement")
    keys = [q.id for s in survey.sections if s.id == section for q in s.questions]
    statement = (
        select(func.avg(Answer.value))
        .join(Response)
        .join(Campaign)
        .join(Question, Answer.question_id == Question.id)
        .join(Establishment, Response.establishment)
        .join(Pole)
        .where(Question.key.in_(keys), Question.survey_slug == "autopositionnement")
        .where(Campaign.school_year == school_year)
    )
    if pole is not None:
        statement = statement.where(Pole.name == pole)
    return float(db.session.scalar(statement))


def test_training_needs_show_in_the_demo(db, demo):
    start = school_year_of(today())
    last, before = f"{start - 1}-{start}", f"{start - 2}-{start - 1}"
    sections = [s.id for s in registry().latest("autopositionnement").sections]
    means = {s: theme_mean(db, None, s, last) for s in sections}
    lowest = min(means, key=means.__getitem__)
    assert lowest == "travail-equipe"  # staff position themselves lowest on team work, network-wide
    assert means["travail-equipe"] < sorted(means.values())[len(means) // 2] - 0.2  # clearly, not by a hair
    # Some themes fall since last year in some poles, while the same theme holds or rises elsewhere.
    for pole, section in (("Aix", "etayage"), ("Gardanne", "atmosphere"), ("Gardanne", "tissage")):
        assert theme_mean(db, pole, section, last) < theme_mean(db, pole, section, before) - 0.2, (pole, section)
    assert theme_mean(db, "Pertuis", "etayage", last) > theme_mean(db, "Pertuis", "etayage", before)


def test_the_head_establishment_has_comments_in_every_closed_grid_campaign(db, demo):
    head = db.session.scalars(select(User).filter(User.email.startswith("direction."))).one()
    establishment = head.scopes[0].establishment
    closed = db.session.scalars(
        select(Campaign).filter_by(network_id=establishment.network.id, status=CampaignStatus.CLOSED)
    ).all()
    grid = [c for c in closed if c.survey.slug == "territoire-apprenant"]
    assert grid
    for campaign in grid:
        written = db.session.scalar(
            select(func.count())
            .select_from(AnswerComment)
            .join(Response, Response.id == AnswerComment.response_id)
            .where(Response.campaign_id == campaign.id, Response.establishment_id == establishment.id)
        )
        assert written >= SHOWCASE_COMMENTS, campaign.school_year  # its comments page shows some
