"""Whatever an author does to a valid file, the loader answers with a survey or with placed problems, never a crash."""

from __future__ import annotations

import copy
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.surveys.loader import content_hash, parse_survey, read_file
from app.surveys.schema import Survey
from tests.surveys import samples

VALID = [
    samples.grid(),
    samples.items(),
    *(yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(samples.SHIPPED_DIR.glob("*.yaml"))),
    yaml.safe_load(samples.NUMBERS_FILE.read_text(encoding="utf-8")),
]

scalars = st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats(allow_nan=True) | st.text(max_size=12)
json_ish = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8) | st.integers(-3, 7), inner, max_size=3)
    ),
    max_leaves=8,
)


def _places(value, path=()) -> list[tuple]:
    """Every place of a parsed YAML document, as a path of keys and indexes."""
    places = [path]
    if isinstance(value, dict):
        for key, child in value.items():
            places.extend(_places(child, (*path, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            places.extend(_places(child, (*path, index)))
    return places


@st.composite
def mutated(draw) -> object:
    """A valid instrument with one to three keys deleted or values replaced."""
    data = copy.deepcopy(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 3))):
        places = _places(data)
        place = draw(st.sampled_from(places))
        replacement = draw(json_ish)
        if not place:
            data = replacement
            continue
        parent = data
        for part in place[:-1]:
            parent = parent[part]
        if draw(st.booleans()):
            del parent[place[-1]]
        else:
            parent[place[-1]] = replacement
    return data


@settings(max_examples=200, deadline=None)
@given(mutated())
def test_parse_survey_returns_a_survey_or_placed_problems(data):
    survey, errors = parse_survey(data, "mute.yaml")
    if errors:
        for error in errors:
            assert error.file == "mute.yaml"
            assert error.path.strip() and error.message.strip()
            assert str(error).startswith("mute.yaml: ")
    else:
        assert isinstance(survey, Survey)
        content_hash(data)  # what load_directory computes next
        # The database keeps the content as JSON; read back, it must give the same survey.
        stored, stored_errors = parse_survey(json.loads(json.dumps(data)), "base")
        assert stored_errors == [] and stored == survey


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(VALID))
def test_unmutated_instruments_are_valid(data):
    survey, errors = parse_survey(copy.deepcopy(data), "valide.yaml")
    assert errors == [] and isinstance(survey, Survey)


# Pieces of YAML, valid and not, joined at random: anchors and aliases (a self-referencing one too), tags that would
# build objects under an unsafe loader, a key given twice, tabs, unclosed brackets, a NUL.
YAML_PIECES = [
    "slug: x\n",
    "version: 1.10\n",
    "sections:\n",
    "  - id: a\n",
    "    questions: []\n",
    "a: &a [*a]\n",
    "b: *nowhere\n",
    "!!python/object/apply:os.system ['true']\n",
    "c: !!binary aGk=\n",
    "slug: y\n",
    "\t- tab\n",
    "[unclosed\n",
    "{a: 1, a: 2}\n",
    "? [k]\n: v\n",
    "---\n",
    "...\n",
    "\x00",
    "\ufeff",
    "é: ü\n",
    "- - - -\n",
    "'quote\n",
    "|\n  block\n",
    "<<: {slug: z}\n",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(YAML_PIECES), max_size=12).map(lambda parts: "".join(parts).encode()),
        st.sampled_from(VALID).map(lambda data: yaml.safe_dump(data, allow_unicode=True).encode("utf-16")),
    )
)
def test_read_file_answers_any_bytes_with_a_survey_or_placed_problems(tmp_path, raw):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(raw)
    survey, _, errors = read_file(path)
    assert (survey is None) == bool(errors)
    for error in errors:
        assert error.file == "hostile.yaml" and error.path.strip() and error.message.strip()
