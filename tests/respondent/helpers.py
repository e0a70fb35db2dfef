"""Helpers for the respondent tests: open a campaign for an establishment, walk through its questionnaire."""

from __future__ import annotations

import html
import re

from app.models import CampaignEstablishment
from app.surveys.registry import survey_of
from app.surveys.schema import Survey


def open_link(make, slug: str = "territoire-apprenant", establishment=None, **fields) -> CampaignEstablishment:
    """Open a campaign of `slug` for one establishment and return that establishment's link."""
    establishment = establishment or make.establishment()
    campaign = make.campaign(slug, network=establishment.network, **fields)
    return make.campaign_establishment(campaign, establishment)


def survey_for(link: CampaignEstablishment) -> Survey:
    return survey_of(link.campaign.survey)


def valid_value(survey: Survey, question, index: int = 2) -> str:
    """A valid form value for a question: a middle level or point, or a number within bounds."""
    if question.type == "number":
        return str(question.minimum or 0)
    values = survey.scales[question.scale].values()
    return str(values[min(index, len(values) - 1)])


def section_data(survey: Survey, section, index: int = 2) -> dict[str, str]:
    return {f"q-{q.id}": valid_value(survey, q, index) for q in section.questions}


def answer_everything(
    client,
    link: CampaignEstablishment,
    category: str = "enseignant",
    index: int = 2,
    comment: str | None = None,
    submit: bool = True,
    another_person: bool = False,
):
    """Walk the whole journey with the test client: start, category, every page, submit. Return the last response.

    `another_person` answers « oui » to the question asked on a device that already sent a response.
    """
    survey = survey_for(link)
    base = f"/q/{link.token}"
    response = client.post(f"{base}/commencer", data={"autre_personne": "oui"} if another_person else {})
    assert response.status_code == 303, response.get_data(as_text=True)
    if response.headers["Location"].endswith("/categorie"):
        response = client.post(f"{base}/categorie", data={"category": category, "action": "suivant"})
        assert response.status_code == 303, response.get_data(as_text=True)
    for section in survey.sections:
        data = section_data(survey, section, index)
        if comment:
            data.update({f"c-{q.id}": comment for q in section.questions if q.comment})
        response = client.post(f"{base}/etape/{section.id}", data={**data, "action": "suivant"})
        assert response.status_code == 303, response.get_data(as_text=True)
    assert response.headers["Location"].endswith("/relecture")
    if not submit:
        return response
    return client.post(f"{base}/envoyer", data={})


def resume_link(page: str) -> str:
    match = re.search(r'href="[^"]*(/q/reprendre/[A-Za-z0-9_-]+)"', page)
    assert match, "no resume link on the page"
    return match.group(1)


def text(response) -> str:
    """The page's text with HTML entities decoded (Jinja escapes apostrophes) and white space collapsed."""
    return re.sub(r"\s+", " ", html.unescape(response.get_data(as_text=True)))
