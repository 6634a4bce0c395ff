"""Classic seat-apportionment methods in exact rational arithmetic, and checks of their Balinski–Young properties.

The definitions follow M. L. Balinski and H. P. Young, *Fair Representation: Meeting the Ideal of One Man,
One Vote* (Yale University Press, 1982; 2nd ed. Brookings Institution Press, 2001):

* **Hamilton** (largest remainder): every party gets the floor of its quota ``q_i = house * w_i / W``;
  the seats left over go to the largest fractional remainders.
* **Divisor methods** (highest averages): seats are handed out one at a time; the next seat goes to the
  party with the largest priority ``w / d(s)``, ``s`` being the seats it already has:

  ============  =======================  ==========================
  method        d(s)                     also known as
  ============  =======================  ==========================
  jefferson     s + 1                    D'Hondt
  webster       s + 1/2                  Sainte-Laguë
  adams         s                        smallest divisors
  dean          s(s+1) / (s+1/2)         harmonic mean
  huntington_hill  sqrt(s(s+1))          equal proportions
  ============  =======================  ==========================

  Adams, Dean and Huntington–Hill have ``d(0) = 0``, so every party with positive weight gets a first seat
  before any party gets a second one.

* The **quota rule**: a party's seats lie in ``[floor(q_i), ceil(q_i)]``. Hamilton always satisfies it;
  no divisor method always does (Jefferson may give too many to large parties, Adams too few).
* **House monotonicity**: no party loses a seat when the house grows. Divisor methods are house-monotone;
  Hamilton is not (the *Alabama paradox*).
* **Population monotonicity**: if party A's weight grows at a rate at least that of party B, A must not lose
  a seat while B gains one. Only divisor methods satisfy it.

Every decision is made with :class:`fractions.Fraction` (and integers); no float and no square root is ever
used to choose a seat. Huntington–Hill priorities are compared through their squares ``w² / (s(s+1))``.
Floats appear only in the display columns of the diagnostic tables.

Ties (``ties="first"``, the default): when several parties have an equal claim on the last seat(s), the
parties listed first in the index of ``weights`` win, so results are deterministic and the order of the
index is meaningful. With ``ties="error"`` an :class:`ApportionmentTie` naming the tied parties is raised
whenever a tie decides a seat (a tie among parties that all get the seat is not an error).
"""


from __future__ import annotations

import heapq
import math
from decimal import Decimal
from fractions import Fraction
from numbers import Integral

import pandas as pd

METHODS = ("hamilton", "jefferson", "webster", "huntington_hill", "adams", "dean")
_DIVISOR_METHODS = METHODS[1:]
_ZERO_DIVISOR_METHODS = ("huntington_hill", "adams", "dean")  # d(0) = 0: a first seat for every party
_TIE_RULES = ("first", "error")

__all__ = [
    "METHODS",
    "ApportionmentTie",
    "apportion",
    "quotas",
    "quota_violations",
    "house_paradoxes",
    "population_paradoxes",
]


class ApportionmentTie(ValueError):
    """A tie between parties decides a seat and ``ties="error"`` was asked for."""

    def __init__(self, message: str, parties: list) -> None:
        super().__init__(message)
        self.parties = list(parties)


class _Infeasible(ValueError):
    """The house cannot be apportioned under the bounds (caps, minimum, first seats)."""


# --------------------------------------------------------------------------- validation


def _exact(value, what: str) -> Fraction:
    """Convert an int / Fraction / Decimal to a Fraction; reject floats, bools and anything else."""
    if isinstance(value, bool):
        raise ValueError(f"{what} must be an int or fractions.Fraction, not a bool ({value!r})")
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, (Fraction, Decimal)):
        return Fraction(value)
    raise ValueError(
        f"{what} must be an int or fractions.Fraction (exact arithmetic only), got {type(value).__name__} "
        f"{value!r}; convert floats explicitly, e.g. Fraction(str(x))"
    )


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise ValueError(f"unknown apportionment method {method!r}; expected one of {', '.join(METHODS)}")


def _check_house(house) -> int:
    if isinstance(house, bool) or not isinstance(house, Integral):
        raise ValueError(f"house must be a non-negative int, got {house!r}")
    house = int(house)
    if house < 0:
        raise ValueError(f"house must be non-negative, got {house}")
    return house


def _weights(weights: pd.Series, what: str = "weights") -> dict:
    if not isinstance(weights, pd.Series):
        raise ValueError(f"{what} must be a pandas Series indexed by party, got {type(weights).__name__}")
    if not weights.index.is_unique:
        dupes = weights.index[weights.index.duplicated()].unique().tolist()
        raise ValueError(f"{what} has duplicate parties: {dupes}")
    out = {}
    for party, value in weights.items():
        w = _exact(value, f"{what}[{party!r}]")
        if w < 0:
            raise ValueError(f"{what}[{party!r}] is negative ({value}); weights must be non-negative")
        out[party] = w
    return out


def _caps(caps: pd.Series | None, parties: list) -> dict:
    """Upper bound per party (``None`` = uncapped). Missing parties and NaN are uncapped."""
    if caps is None:
        return {p: None for p in parties}
    if not isinstance(caps, pd.Series):
        raise ValueError(f"caps must be a pandas Series indexed by party, got {type(caps).__name__}")
    unknown = [p for p in caps.index if p not in set(parties)]
    if unknown:
        raise ValueError(f"caps name parties that are not in weights: {unknown}")
    out = {p: None for p in parties}
    for party, value in caps.items():
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, Integral):
            raise ValueError(f"caps[{party!r}] must be a whole number of seats, got {value!r}")
        if value < 0:
            raise ValueError(f"caps[{party!r}] is negative ({value})")
        out[party] = int(value)
    return out


def _bounds(method: str, house: int, w: dict, caps: dict, minimum: int) -> tuple[dict, dict]:
    """Lower and upper seat bounds per party, after checking that ``house`` fits between their sums."""
    if isinstance(minimum, bool) or not isinstance(minimum, Integral) or minimum < 0:
        raise ValueError(f"minimum must be a non-negative int, got {minimum!r}")
    minimum = int(minimum)
    lo, hi = {}, {}
    for p, wp in w.items():
        if wp == 0:
            lo[p], hi[p] = 0, 0
            continue
        cap = caps[p]
        if cap is not None and cap < minimum:
            raise _Infeasible(f"party {p!r} is capped at {cap} seat(s), below the minimum of {minimum}")
        first = 1 if method in _ZERO_DIVISOR_METHODS and (cap is None or cap >= 1) else 0
        lo[p] = max(minimum, first)
        hi[p] = cap
    positive = [p for p, wp in w.items() if wp > 0]
    if house > 0 and not positive:
        raise _Infeasible(f"cannot apportion {house} seat(s): no party has a positive weight")
    if method in _ZERO_DIVISOR_METHODS:
        eligible = [p for p in positive if hi[p] is None or hi[p] >= 1]
        if house < len(eligible):
            raise _Infeasible(
                f"{method} gives every party with positive weight a first seat (d(0) = 0), so it needs a house "
                f"of at least {len(eligible)}, got {house}"
            )
    floor_total = sum(lo.values())
    if house < floor_total:
        raise _Infeasible(
            f"house {house} is smaller than the {floor_total} seat(s) needed to give every positive party "
            f"its minimum of {minimum}"
        )
    if all(hi[p] is not None for p in positive):
        room = sum(hi[p] for p in positive)
        if house > room:
            raise _Infeasible(f"house {house} exceeds the {room} seat(s) the caps allow")
    return lo, hi


def _tie(ties: str, tied: list, seats_left: int, what: str) -> None:
    if ties == "error":
        raise ApportionmentTie(
            f"tie between parties {tied} for {seats_left} remaining seat(s) ({what}); "
            f"pass ties='first' to give it to the party listed first",
            tied,
        )


# --------------------------------------------------------------------------- methods


def _priority(method: str, w: Fraction, s: int) -> Fraction:
    """``w / d(s)`` — or, for Huntington–Hill, its square ``w² / (s(s+1))`` (same order, no square root)."""
    if method == "jefferson":
        return w / (s + 1)
    if method == "webster":
        return 2 * w / (2 * s + 1)
    # d(0) = 0 for the three below; the first seat is handed out beforehand, so s >= 1 here.
    if method == "adams":
        return w / s
    if method == "dean":
        return w * (2 * s + 1) / (2 * s * (s + 1))
    if method == "huntington_hill":
        return w * w / (s * (s + 1))
    raise AssertionError(method)


def _above(method: str, w: Fraction, start: int, stop: int | None, threshold: Fraction) -> int:
    """Seats a party holds once every one of its seats with priority above ``threshold`` is given: the largest
    ``s`` in ``[start, stop]`` such that all priorities of seats ``start .. s - 1`` exceed it (they decrease)."""
    low, high = start, start + int(w / threshold) + 2 if method != "huntington_hill" else start + 2
    if method == "huntington_hill":  # priority w²/(s(s+1)) > t  needs s < w/sqrt(t) <= w²/t… bound it by doubling
        while _priority(method, w, high) > threshold:
            high *= 2
    if stop is not None:
        high = min(high, stop)
    while low < high:
        mid = (low + high + 1) // 2
        if _priority(method, w, mid - 1) > threshold:
            low = mid
        else:
            high = mid - 1
    return low


def _jump_start(method: str, house: int, w: dict, lo: dict, hi: dict) -> dict:
    """The seats the one-at-a-time rule hands out first, in one step: every seat whose priority exceeds a
    threshold chosen so that they number at most ``house`` (each such seat outranks every other, so no tie is
    decided here). Keeps the rule exact while making a large house cost O(parties · log house)."""
    open_ = [p for p in w if w[p] > 0 and (hi[p] is None or lo[p] < hi[p])]
    spare = house - sum(lo.values()) - 2 * len(open_)
    if spare <= len(open_):
        return dict(lo)
    total = sum((w[p] for p in open_), Fraction(0))
    # d(s) >= s for every method here, so each party has fewer than w/λ + 1 seats above λ = total / spare.
    lam = total / spare
    threshold = lam * lam if method == "huntington_hill" else lam
    start = {p: max(lo[p], 1) if method in _ZERO_DIVISOR_METHODS else lo[p] for p in w}
    seats = dict(lo)
    for p in open_:
        seats[p] = _above(method, w[p], start[p], hi[p], threshold)
    return seats


def _divisor(method: str, house: int, w: dict, lo: dict, hi: dict, ties: str) -> dict:
    seats = _jump_start(method, house, w, lo, hi)
    left = house - sum(seats.values())
    position = {p: i for i, p in enumerate(w)}

    def entry(p):
        return (-_priority(method, w[p], seats[p]), position[p], p)

    heap = [entry(p) for p in w if w[p] > 0 and (hi[p] is None or seats[p] < hi[p])]
    heapq.heapify(heap)
    while left > 0:
        best = heap[0][0]
        tied = []
        while heap and heap[0][0] == best:  # pops in index order among equals
            tied.append(heapq.heappop(heap)[2])
        if len(tied) > left:
            _tie(ties, tied, left, f"{method} priority {-best}")
            tied = tied[:left]
        # Priorities strictly decrease with seats and everyone else is strictly lower, so every tied
        # party gets a seat before anyone else does: handing them out together is the sequential rule.
        for p in tied:
            seats[p] += 1
            if hi[p] is None or seats[p] < hi[p]:
                heapq.heappush(heap, entry(p))
        left -= len(tied)
    return seats


def _clipped_quotas(house: int, w: dict, lo: dict, hi: dict) -> dict:
    """Quotas ``clip(lam * w_i, lo_i, hi_i)`` with the exact ``lam`` for which they sum to ``house``.

    With caps only this is the same as fixing every party whose quota exceeds its cap at the cap and
    re-apportioning the rest among the others until none exceeds; lower bounds work symmetrically.
    """
    positive = [p for p in w if w[p] > 0]

    def clip(p, lam):
        q = lam * w[p]
        if q < lo[p]:
            return Fraction(lo[p])
        if hi[p] is not None and q > hi[p]:
            return Fraction(hi[p])
        return q

    def total(lam):
        return sum(clip(p, lam) for p in positive)

    # total(lam) is continuous, non-decreasing and piecewise linear with breakpoints at lo/w and hi/w.
    points = sorted({Fraction(0)} | {lo[p] / w[p] for p in positive} | {hi[p] / w[p] for p in positive if hi[p] is not None})
    lam = None
    for a, b in zip(points, points[1:]):
        ta, tb = total(a), total(b)
        if ta <= house <= tb:
            lam = b if tb == ta else a + (b - a) * (house - ta) / (tb - ta)
            break
    if lam is None:  # beyond the last breakpoint every uncapped party grows linearly
        a = points[-1]
        ta = total(a)
        slope = sum(w[p] for p in positive if hi[p] is None)
        lam = a + (house - ta) / slope
    return {p: (clip(p, lam) if w[p] > 0 else Fraction(0)) for p in w}


def _hamilton(house: int, w: dict, lo: dict, hi: dict, ties: str) -> dict:
    q = _clipped_quotas(house, w, lo, hi)
    seats = {p: math.floor(q[p]) for p in w}
    left = house - sum(seats.values())
    if left > 0:
        rem = {p: q[p] - seats[p] for p in w if q[p] != seats[p]}
        ranked = sorted(rem, key=lambda p: -rem[p])  # stable: index order among equal remainders
        cut = rem[ranked[left - 1]]
        winners = [p for p in ranked if rem[p] > cut]
        tied = [p for p in ranked if rem[p] == cut]
        need = left - len(winners)
        if len(tied) > need:
            _tie(ties, tied, need, f"hamilton remainder {cut}")
        for p in winners + tied[:need]:
            seats[p] += 1
    return seats


def apportion(
    method: str,
    house: int,
    weights: pd.Series,
    caps: pd.Series | None = None,
    minimum: int = 0,
    ties: str = "first",
) -> pd.Series:
    """Apportion ``house`` whole seats among the parties of ``weights`` in proportion to their weight.

    ``weights``: index = party ids (their order breaks ties), values non-negative ints or Fractions.
    ``caps``: optional upper bound per party (missing / NaN = uncapped); a capped party stops receiving
    seats and the rest go to the others (Hamilton: parties whose quota exceeds their cap are fixed at the
    cap and the rest re-apportioned among the others). ``minimum``: every party with positive weight first
    gets at least this many seats. Parties with weight 0 get 0. ``ties``: ``"first"`` or ``"error"``.

    A house of 0 gives every party 0 seats (``minimum`` must then be 0). Raises ``ValueError`` on invalid
    input or an infeasible house, :class:`ApportionmentTie` when ``ties="error"`` and a tie decides a seat.
    Returns an int64 Series with the index of ``weights``.
    """
    _check_method(method)
    if ties not in _TIE_RULES:
        raise ValueError(f"ties must be one of {_TIE_RULES}, got {ties!r}")
    house = _check_house(house)
    w = _weights(weights)
    parties = list(w)
    cap = _caps(caps, parties)
    if house == 0:
        if isinstance(minimum, Integral) and not isinstance(minimum, bool) and minimum > 0 and any(w.values()):
            raise _Infeasible(f"house 0 cannot give every positive party its minimum of {minimum}")
        return pd.Series(0, index=weights.index, dtype="int64")
    lo, hi = _bounds(method, house, w, cap, minimum)
    if method == "hamilton":
        seats = _hamilton(house, w, lo, hi, ties)
    else:
        seats = _divisor(method, house, w, lo, hi, ties)
    return pd.Series([seats[p] for p in parties], index=weights.index, dtype="int64")


# --------------------------------------------------------------------------- properties


def quotas(house: int, weights: pd.Series) -> pd.Series:
    """Exact proportional shares ``house * w_i / sum(w)`` as a Series of Fractions."""
    house = _check_house(house)
    w = _weights(weights)
    total = sum(w.values(), Fraction(0))
    if total == 0:
        if house == 0:
            return pd.Series([Fraction(0)] * len(w), index=weights.index, dtype=object)
        raise ValueError("quotas need at least one party with positive weight")
    return pd.Series([house * w[p] / total for p in w], index=weights.index, dtype=object)


def quota_violations(seats: pd.Series, weights: pd.Series) -> pd.DataFrame:
    """Parties whose seats lie outside ``[floor(q), ceil(q)]`` (the quota rule), ``q`` their exact quota.

    The house is ``seats.sum()``. Columns: party, seats, quota (float, for display), floor, ceiling.
    """
    columns = ["party", "seats", "quota", "floor", "ceiling"]
    if not seats.index.equals(weights.index):
        raise ValueError("seats and weights must have the same index")
    house = int(seats.sum())
    q = quotas(house, weights)
    rows = []
    for party in weights.index:
        fl, ce = math.floor(q[party]), math.ceil(q[party])
        s = int(seats[party])
        if s < fl or s > ce:
            rows.append({"party": party, "seats": s, "quota": float(q[party]), "floor": fl, "ceiling": ce})
    return pd.DataFrame(rows, columns=columns)


def house_paradoxes(method: str, house: int, weights: pd.Series, span: int = 10, **kwargs) -> pd.DataFrame:
    """Alabama paradoxes near ``house``: for every ``h`` in ``[max(1, house - span), house + span - 1]``,
    rows ``(house=h, party, seats_before, seats_after)`` where the party has fewer seats at ``h + 1`` than at
    ``h``. Houses that cannot be apportioned under the bounds (e.g. below the number of parties for Adams)
    are skipped. ``kwargs`` go to :func:`apportion` (caps, minimum, ties).
    """
    _check_method(method)
    house = _check_house(house)
    rows = []
    prev_h, prev = None, None
    for h in range(max(1, house - span), house + span + 1):
        try:
            cur = apportion(method, h, weights, **kwargs)
        except _Infeasible:
            cur = None
        if prev is not None and cur is not None and prev_h == h - 1:
            for party in weights.index:
                if cur[party] < prev[party]:
                    rows.append(
                        {"house": h - 1, "party": party, "seats_before": int(prev[party]), "seats_after": int(cur[party])}
                    )
        prev_h, prev = h, cur
    return pd.DataFrame(rows, columns=["house", "party", "seats_before", "seats_after"])


def population_paradoxes(
    method: str, house: int, weights_before: pd.Series, weights_after: pd.Series, **kwargs
) -> pd.DataFrame:
    """Population-monotonicity violations between two weight vectors at a fixed house.

    One row per ordered pair (A, B) where A's weight ratio ``after / before`` is at least B's
    (Balinski–Young's condition; the ratios are compared exactly), yet A loses a seat while B gains one.
    Columns: party, weight_ratio (float, display), seats_before, seats_after — for A — and other,
    other_weight_ratio, other_seats_before, other_seats_after — for B. Parties with zero weight before
    have no finite ratio (and no seat to lose) and are not compared.
    """
    columns = [
        "party", "weight_ratio", "seats_before", "seats_after",
        "other", "other_weight_ratio", "other_seats_before", "other_seats_after",
    ]
    if not weights_before.index.equals(weights_after.index):
        raise ValueError("weights_before and weights_after must have the same parties in the same order")
    wb = _weights(weights_before, "weights_before")
    wa = _weights(weights_after, "weights_after")
    before = apportion(method, house, weights_before, **kwargs)
    after = apportion(method, house, weights_after, **kwargs)
    ratio = {p: wa[p] / wb[p] for p in wb if wb[p] > 0}
    rows = []
    for a in ratio:
        if not after[a] < before[a]:
            continue
        for b in ratio:
            if b != a and after[b] > before[b] and ratio[a] >= ratio[b]:
                rows.append({
                    "party": a, "weight_ratio": float(ratio[a]),
                    "seats_before": int(before[a]), "seats_after": int(after[a]),
                    "other": b, "other_weight_ratio": float(ratio[b]),
                    "other_seats_before": int(before[b]), "other_seats_after": int(after[b]),
                })
    return pd.DataFrame(rows, columns=columns)
