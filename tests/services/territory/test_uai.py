import pytest

from app.services.territory.uai import check_letter, is_valid_uai, make_uai


@pytest.mark.parametrize("uai", ["0350760L", "0350760l", " 0350760L "])
def test_accepts_a_valid_uai(uai):
    assert is_valid_uai(uai)


@pytest.mark.parametrize("uai", ["0350760M", "035076L", "A350760L", "", "03507600L"])
def test_rejects_an_invalid_uai(uai):
    assert not is_valid_uai(uai)


def test_check_letter_skips_i_o_and_q():
    # 0350760 mod 23 = 10 → 11th letter of ABCDEFGHJKLMNPRSTUVWXYZ
    assert 350760 % 23 == 10
    assert check_letter("0350760") == "L"


def test_made_uais_are_valid():
    assert all(is_valid_uai(make_uai(n)) for n in range(1300000, 1300100))
