"""Classic apportionment methods (optimizer.apportionment) on small worked examples computed by hand.

Every expected result below is worked out in the test's docstring with exact quotas or priorities, so the
tests do not rely on remembered tables.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pandas as pd
import pytest

from optimizer.analyses.apportionment import (
    METHODS,
    ApportionmentTie,
    apportion,
    house_paradoxes,
    population_paradoxes,
    quota_violations,
    quotas,
)

DIVISOR = ("jefferson", "webster", "huntington_hill", "adams", "dean")

# Five states, total 26,000, house 26: quota = weight / 1000, i.e. 9.061, 7.179, 5.259, 3.319, 1.182.
FIVE = pd.Series([9061, 7179, 5259, 3319, 1182], index=list("ABCDE"))
# The D'Hondt / Sainte-Laguë textbook example, 8 seats.
VOTES = pd.Series([100_000, 80_000, 30_000, 20_000], index=list("ABCD"))
ALABAMA = pd.Series([6, 6, 2], index=list("abc"))


def seats(method, house, weights, **kw):
    return apportion(method, house, weights, **kw).tolist()


# --------------------------------------------------------------------------- worked examples


def test_dhondt_textbook_example_gives_4_3_1_0():
    """Quotients w/1, w/2, w/3, w/4 (thousands): A 100, 50, 33.3, 25; B 80, 40, 26.7, 20; C 30, 15; D 20, 10.
    The 8 largest are 100 A, 80 B, 50 A, 40 B, 33.3 A, 30 C, 26.7 B, 25 A -> A 4, B 3, C 1, D 0."""
    assert seats("jefferson", 8, VOTES) == [4, 3, 1, 0]


def test_sainte_lague_textbook_example_gives_3_3_1_1():
    """Quotients w/1, w/3, w/5, w/7: A 100, 33.3, 20, 14.3; B 80, 26.7, 16; C 30, 10; D 20, 6.7.
    The 8 largest are 100 A, 80 B, 33.3 A, 30 C, 26.7 B, 20 A, 20 D, 16 B -> A 3, B 3, C 1, D 1."""
    assert seats("webster", 8, VOTES) == [3, 3, 1, 1]


def test_hamilton_textbook_example_gives_3_3_1_1():
    """Quotas 8w/230k: 3.478, 2.783, 1.043, 0.696; floors 3, 2, 1, 0 (6 seats); the 2 left go to the largest
    remainders .783 (B) and .696 (D) -> 3, 3, 1, 1."""
    assert seats("hamilton", 8, VOTES) == [3, 3, 1, 1]


def test_adams_dean_hill_textbook_example_gives_3_3_1_1():
    """First seats to all four (4 seats). Adams w/s: A 100, B 80 -> A, B; then A 50 vs B 40 -> A; then
    B 40 vs A 33.3 -> B: 3, 3, 1, 1. Dean w(2s+1)/(2s(s+1)) at s=1 is 3w/4: A 75, B 60, C 22.5, D 15 -> A;
    A at s=2: 100*5/12 = 41.7 < B 60 -> B; B at s=2 = 40 vs A 41.7 -> A; A at s=3: 100*7/24 = 29.2 vs B 40
    -> B: 3, 3, 1, 1. Hill w^2/(s(s+1)) gives the same order (A 5000, B 3200, A 1667, B 1067 in 10^6)."""
    for method in ("adams", "dean", "huntington_hill"):
        assert seats(method, 8, VOTES) == [3, 3, 1, 1], method


def test_hamilton_five_states_house_26():
    """Quotas 9.061, 7.179, 5.259, 3.319, 1.182: floors 9, 7, 5, 3, 1 = 25; the one seat left goes to the
    largest remainder .319 (D) -> 9, 7, 5, 4, 1."""
    assert seats("hamilton", 26, FIVE) == [9, 7, 5, 4, 1]


def test_jefferson_five_states_house_26():
    """Divisor 900: 10.07, 7.98, 5.84, 3.69, 1.31 -> floors 10, 7, 5, 3, 1 = 26 -> 10, 7, 5, 3, 1."""
    assert seats("jefferson", 26, FIVE) == [10, 7, 5, 3, 1]


def test_webster_five_states_house_26():
    """Divisor 1000 rounds to 9, 7, 5, 3, 1 = 25. The 26th seat goes to the largest w/(s+1/2):
    A 9061/9.5 = 953.8, B 7179/7.5 = 957.2, C 5259/5.5 = 956.2, D 3319/3.5 = 948.3, E 1182/1.5 = 788 -> B."""
    assert seats("webster", 26, FIVE) == [9, 8, 5, 3, 1]


def test_huntington_hill_five_states_house_26():
    """Geometric-mean rounding of the quotas gives 9, 7, 5, 3, 1 = 25. Next seat by w^2/(s(s+1)):
    A 9061^2/90 = 912,241; B 7179^2/56 = 920,322; C 5259^2/30 = 921,903; D 3319^2/12 = 917,980;
    E 1182^2/2 = 698,562 -> C."""
    assert seats("huntington_hill", 26, FIVE) == [9, 7, 6, 3, 1]


def test_dean_five_states_house_26():
    """Harmonic-mean rounding gives 9, 7, 5, 3, 1 = 25 (the harmonic means 9.474, 7.467, 5.455, 3.429, 1.333
    all exceed the quotas). Next seat by w/d(s), d(s) = s(s+1)/(s+1/2): A 956.4, B 961.5, C 964.2, D 968.0,
    E 886.5 -> D."""
    assert seats("dean", 26, FIVE) == [9, 7, 5, 4, 1]


def test_adams_five_states_house_26():
    """Ceilings at divisor 1000: 10, 8, 6, 4, 2 = 30; raising the divisor drops a seat from a state when it
    passes w/(s-1): A 1006.8, B 1025.6, C 1051.8, D 1106.3 (E only at 1182). Four drops -> 9, 7, 5, 3, 2
    (divisor 1110: ceil 8.16, 6.47, 4.74, 2.99, 1.06)."""
    assert seats("adams", 26, FIVE) == [9, 7, 5, 3, 2]


def test_five_divisor_methods_give_five_different_apportionments():
    """The extra seat over 9, 7, 5, 3, 1 goes to A, B, C, D, E under Jefferson, Webster, Hill, Dean, Adams."""
    results = {tuple(seats(m, 26, FIVE)) for m in DIVISOR}
    assert len(results) == 5


def test_result_is_int64_series_with_weights_index():
    result = apportion("webster", 8, VOTES)
    assert result.dtype == "int64"
    assert result.index.equals(VOTES.index)
    for method in METHODS:
        assert apportion(method, 26, FIVE).sum() == 26


def test_quotas_are_exact_fractions():
    q = quotas(26, FIVE)
    assert q["A"] == Fraction(9061, 1000)
    assert all(isinstance(x, Fraction) for x in q)
    assert sum(q) == 26


# --------------------------------------------------------------------------- Alabama paradox


def test_hamilton_alabama_paradox_on_6_6_2_from_10_to_11_seats():
    """10 seats: quotas 4.286, 4.286, 1.429 -> floors 4, 4, 1, the last seat to c (.429) -> 4, 4, 2.
    11 seats: quotas 4.714, 4.714, 1.571 -> floors 4, 4, 1, two seats to a and b (.714) -> 5, 5, 1."""
    assert seats("hamilton", 10, ALABAMA) == [4, 4, 2]
    assert seats("hamilton", 11, ALABAMA) == [5, 5, 1]
    found = house_paradoxes("hamilton", 10, ALABAMA)
    assert list(found.columns) == ["house", "party", "seats_before", "seats_after"]
    row = found[found["house"] == 10]
    assert row.to_dict("records") == [{"house": 10, "party": "c", "seats_before": 2, "seats_after": 1}]


@pytest.mark.parametrize("method", DIVISOR)
@pytest.mark.parametrize(
    "weights",
    [ALABAMA, FIVE, VOTES, pd.Series([Fraction(7, 3), 5, 11, 1], index=list("wxyz"))],
    ids=["6-6-2", "five", "votes", "mixed"],
)
def test_divisor_methods_have_no_alabama_paradox(method, weights):
    assert house_paradoxes(method, 15, weights, span=14).empty


# --------------------------------------------------------------------------- quota rule


def test_jefferson_violates_quota_for_five_states_house_11():
    """Quota of A = 11 * 9061 / 26000 = 3.83, but Jefferson gives it 5: with divisor 1800 the quotients are
    5.03, 3.99, 2.92, 1.84, 0.66 -> floors 5, 3, 2, 1, 0 = 11 (valid for divisors in (1794.75, 1812.2])."""
    result = apportion("jefferson", 11, FIVE)
    assert result.tolist() == [5, 3, 2, 1, 0]
    violations = quota_violations(result, FIVE)
    assert list(violations.columns) == ["party", "seats", "quota", "floor", "ceiling"]
    assert violations.to_dict("records") == [
        {"party": "A", "seats": 5, "quota": pytest.approx(3.8335), "floor": 3, "ceiling": 4}
    ]


def test_hamilton_satisfies_quota_on_every_house():
    """Hamilton = floors plus at most one seat each, so it never leaves [floor(q), ceil(q)]; e.g. at 11:
    quotas 3.83, 3.04, 2.23, 1.40, 0.50 -> 3, 3, 2, 1, 0 + seats to A (.83) and E (.50) -> 4, 3, 2, 1, 1."""
    assert seats("hamilton", 11, FIVE) == [4, 3, 2, 1, 1]
    for house in range(1, 41):
        for weights in (FIVE, VOTES, ALABAMA):
            assert quota_violations(apportion("hamilton", house, weights), weights).empty


# --------------------------------------------------------------------------- population paradox


def test_hamilton_population_paradox_found():
    """House 5. Before (1, 3, 5), total 9: quotas .556, 1.667, 2.778 -> floors 0, 1, 2, seats to C, B -> 0, 2, 3.
    After (1, 6, 6), total 13: quotas .385, 2.308, 2.308 -> floors 0, 2, 2, the seat to A -> 1, 2, 2.
    C grew by 6/5 and A by 1, yet C loses a seat while A gains one."""
    before = pd.Series([1, 3, 5], index=list("ABC"))
    after = pd.Series([1, 6, 6], index=list("ABC"))
    found = population_paradoxes("hamilton", 5, before, after)
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["party"], row["seats_before"], row["seats_after"]) == ("C", 3, 2)
    assert (row["other"], row["other_seats_before"], row["other_seats_after"]) == ("A", 0, 1)
    assert row["weight_ratio"] == pytest.approx(1.2) and row["other_weight_ratio"] == pytest.approx(1.0)
    for method in DIVISOR:
        assert population_paradoxes(method, 5, before, after).empty, method


# --------------------------------------------------------------------------- ties


@pytest.mark.parametrize("method", METHODS)
def test_tie_first_gives_seat_to_first_listed_party(method):
    """Equal weights 5, 5 listed y, x: with one seat to split (Adams/Dean/Hill need 3 seats, the third
    being the tied one) the first-listed party y wins."""
    house = 3 if method in ("adams", "dean", "huntington_hill") else 1
    expected = [2, 1] if house == 3 else [1, 0]
    assert seats(method, house, pd.Series([5, 5], index=["y", "x"])) == expected
    assert seats(method, house, pd.Series([5, 5], index=["x", "y"])) == expected


def test_tie_error_names_both_parties():
    for method in ("hamilton", "jefferson", "webster"):
        with pytest.raises(ApportionmentTie) as info:
            apportion(method, 1, pd.Series([5, 5], index=["y", "x"]), ties="error")
        assert info.value.parties == ["y", "x"]
        assert "'y'" in str(info.value) and "'x'" in str(info.value)
        assert isinstance(info.value, ValueError)


def test_sainte_lague_tie_errors_only_when_it_decides_a_seat():
    """After 5 seats (100 A, 80 B, 33.3 A, 30 C, 26.7 B) A and D tie at 20: a 6-seat house must split them,
    a 7-seat house gives both a seat."""
    with pytest.raises(ApportionmentTie) as info:
        apportion("webster", 6, VOTES, ties="error")
    assert info.value.parties == ["A", "D"]
    assert seats("webster", 6, VOTES) == [3, 2, 1, 0]
    assert seats("webster", 7, VOTES, ties="error") == [3, 2, 1, 1]


def test_huntington_hill_exact_tie_that_floats_would_miss():
    """Weights (6, 1): B has its first seat; A's priority at s seats is 36/(s(s+1)) and B's at 1 seat is 1/2.
    A takes seats while s(s+1) < 72, i.e. up to 8 (house 9). Seat 10: A 36/72 = 1/2 = B 1/2, an exact tie,
    although in floats 6/sqrt(72) = 0.7071067811865476 != 1/sqrt(2) = 0.7071067811865475."""
    w = pd.Series([6, 1], index=["A", "B"])
    assert seats("huntington_hill", 9, w) == [8, 1]
    assert seats("huntington_hill", 10, w) == [9, 1]
    with pytest.raises(ApportionmentTie):
        apportion("huntington_hill", 10, w, ties="error")
    assert seats("huntington_hill", 11, w, ties="error") == [9, 2]


# --------------------------------------------------------------------------- zero weights, caps, minimum


def test_zero_weights_get_nothing():
    w = pd.Series([5, 0, 3], index=["p", "zero", "q"])
    for method in METHODS:
        result = apportion(method, 6, w)
        assert result["zero"] == 0 and result.sum() == 6, method
    assert apportion("adams", 2, w).tolist() == [1, 0, 1]  # the zero party needs no first seat


def test_caps_respected_and_seats_go_to_others_hamilton():
    """Caps a <= 3 on (6, 6, 2), 10 seats: a's quota 4.29 > 3, so a is fixed at 3 and 7 seats are shared by
    b and c (6, 2): quotas 5.25, 1.75 -> 5, 1 and the last seat to c (.75) -> 3, 5, 2."""
    caps = pd.Series([3], index=["a"])
    assert seats("hamilton", 10, ALABAMA, caps=caps) == [3, 5, 2]


def test_caps_respected_and_seats_go_to_others_dhondt():
    """A capped at 2: quotients without A's third seat: 100 A, 80 B, 50 A, 40 B, 30 C, 26.7 B, 20 B, 20 D
    -> A 2, B 4, C 1, D 1."""
    caps = pd.Series([2, 10, 10, 10], index=list("ABCD"))
    assert seats("jefferson", 8, VOTES, caps=caps) == [2, 4, 1, 1]


@pytest.mark.parametrize("method", METHODS)
def test_capped_party_never_exceeds_its_cap(method):
    caps = pd.Series([4, 3], index=["A", "B"])
    for house in range(5, 27):
        result = apportion(method, house, FIVE, caps=caps)
        assert result["A"] <= 4 and result["B"] <= 3 and result.sum() == house


def test_house_beyond_caps_raises():
    caps = pd.Series([1, 1, 1], index=list("abc"))
    with pytest.raises(ValueError, match="caps allow"):
        apportion("webster", 4, ALABAMA, caps=caps)
    assert seats("webster", 3, ALABAMA, caps=caps) == [1, 1, 1]


@pytest.mark.parametrize("method", ("adams", "dean", "huntington_hill"))
def test_zero_divisor_methods_give_every_positive_party_a_first_seat(method):
    w = pd.Series([1000, 1, 1], index=["big", "s1", "s2"])
    assert seats(method, 3, w) == [1, 1, 1]
    assert seats("jefferson", 3, w) == [3, 0, 0]
    with pytest.raises(ValueError, match="first seat"):
        apportion(method, 2, w)


def test_minimum_respected():
    """D'Hondt, minimum 1: 4 first seats, then w/2: A 50, B 40 -> A, B; A 33.3, B 26.7 -> A, B -> 3, 3, 1, 1.
    Hamilton (6, 6, 2), 10 seats, minimum 3: c's quota 1.43 < 3 so c is fixed at 3 and a, b share 7 (3.5
    each): 3, 3 and the tie for the last seat goes to a -> 4, 3, 3."""
    assert seats("jefferson", 8, VOTES, minimum=1) == [3, 3, 1, 1]
    assert seats("hamilton", 10, ALABAMA, minimum=3) == [4, 3, 3]
    for method in METHODS:
        assert apportion(method, 26, FIVE, minimum=3).min() >= 3, method
    with pytest.raises(ValueError, match="minimum"):
        apportion("webster", 5, FIVE, minimum=2)


# --------------------------------------------------------------------------- exactness and validation


@pytest.mark.parametrize("method", METHODS)
def test_fraction_and_int_weights_give_identical_results(method):
    as_fractions = FIVE.map(lambda w: Fraction(w, 26000))
    for house in range(5, 41):
        assert seats(method, house, as_fractions) == seats(method, house, FIVE)


def test_house_zero_gives_all_zeros():
    for method in METHODS:
        assert seats(method, 0, FIVE) == [0, 0, 0, 0, 0]


def test_invalid_inputs_raise_clear_errors():
    with pytest.raises(ValueError, match="unknown apportionment method"):
        apportion("droop", 5, FIVE)
    with pytest.raises(ValueError, match="negative"):
        apportion("webster", 5, pd.Series([3, -1], index=["a", "b"]))
    with pytest.raises(ValueError, match="non-negative"):
        apportion("webster", -1, FIVE)
    with pytest.raises(ValueError, match="exact arithmetic"):
        apportion("webster", 5, pd.Series([0.5, 0.5], index=["a", "b"]))
    with pytest.raises(ValueError, match="ties"):
        apportion("webster", 5, FIVE, ties="random")
    with pytest.raises(ValueError, match="no party has a positive weight"):
        apportion("hamilton", 2, pd.Series([0, 0], index=["a", "b"]))


def _one_seat_at_a_time(method, house, weights, caps):
    """The textbook rule, written out plainly: every seat to the highest priority, ties to the party listed first."""
    seats = {p: 0 for p in weights}
    if method in ("huntington_hill", "adams", "dean"):
        for p in weights:
            if weights[p] > 0 and (caps[p] is None or caps[p] >= 1):
                seats[p] = 1
    for _ in range(house - sum(seats.values())):
        best = None
        for p in weights:
            if weights[p] == 0 or (caps[p] is not None and seats[p] >= caps[p]):
                continue
            d = {"jefferson": Fraction(seats[p] + 1), "webster": Fraction(2 * seats[p] + 1, 2),
                 "adams": Fraction(seats[p]), "dean": Fraction(seats[p] * (seats[p] + 1)) / Fraction(2 * seats[p] + 1, 2),
                 "huntington_hill": None}[method]
            # Huntington–Hill: compare w² / (s(s+1)), the square of w / sqrt(s(s+1)).
            key = (Fraction(weights[p]) ** 2 / (seats[p] * (seats[p] + 1)) if method == "huntington_hill"
                   else Fraction(weights[p]) / d)
            if best is None or key > best[0]:
                best = (key, p)
        seats[best[1]] += 1
    return seats


def test_divisor_methods_agree_with_the_one_seat_at_a_time_rule_on_random_cases_with_caps():
    rng = random.Random(7)
    checked = 0
    for _ in range(1500):
        weights = {f"p{i}": rng.choice([0, rng.randint(1, 50), rng.randint(1, 5000)]) for i in range(rng.randint(1, 8))}
        caps = {p: (rng.randint(0, 300) if rng.random() < 0.3 else None) for p in weights}
        method = rng.choice(["jefferson", "webster", "huntington_hill", "adams", "dean"])
        usable = [p for p in weights if weights[p] > 0 and (caps[p] is None or caps[p] >= 1)]
        room = sum(caps[p] if caps[p] is not None else 10**6 for p in weights if weights[p] > 0)
        first = len(usable) if method in ("huntington_hill", "adams", "dean") else 0
        if not usable or room < first:
            continue
        house = rng.randint(first, min(room, 600))
        got = apportion(method, house, pd.Series(weights), caps=pd.Series(caps, dtype=object))
        assert got.to_dict() == _one_seat_at_a_time(method, house, weights, caps), (method, house, weights, caps)
        checked += 1
    assert checked > 1000


CENSUS_1790 = pd.Series({  # apportionment population of the first census, by state, as used in 1792
    "CT": 236841, "DE": 55540, "GA": 70835, "KY": 68705, "MD": 278514, "MA": 475327, "NH": 141822, "NJ": 179570,
    "NY": 331589, "NC": 353523, "PA": 432879, "RI": 68446, "SC": 206236, "VT": 85533, "VA": 630560})


def test_jefferson_reproduces_the_apportionment_act_of_1792():
    """105 seats by Jefferson's method, the first apportionment of the U.S. House (Balinski and Young, ch. 3)."""
    act_1792 = {"CT": 7, "DE": 1, "GA": 2, "KY": 2, "MD": 8, "MA": 14, "NH": 4, "NJ": 5, "NY": 10, "NC": 10,
                "PA": 13, "RI": 2, "SC": 6, "VT": 2, "VA": 19}
    assert CENSUS_1790.sum() == 3_615_920
    assert apportion("jefferson", 105, CENSUS_1790).to_dict() == act_1792


def test_hamilton_on_the_1790_census_moves_a_seat_from_virginia_to_delaware():
    """Quotas at 105 seats: Virginia 18.31, Delaware 1.61; largest remainders give Delaware its second seat."""
    hamilton = apportion("hamilton", 105, CENSUS_1790)
    jefferson = apportion("jefferson", 105, CENSUS_1790)
    assert (hamilton["VA"], hamilton["DE"]) == (18, 2)
    assert (hamilton - jefferson)[lambda d: d != 0].to_dict() == {"DE": 1, "VA": -1}
    assert quota_violations(hamilton, CENSUS_1790).empty
