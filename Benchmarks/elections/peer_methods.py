"""Independent peer for the allocation methods: Python's exact Fractions, written separately from the Swift code.

Prints the seats of every method for the bundled list votes of 2023 and 2021 (eligible lists only), so the Swift
tests can be checked against a second implementation:  python3 Benchmarks/elections/peer_methods.py
"""
from fractions import Fraction
from math import floor

VOTES = {
    2023: (69, [("amanat", 3431510), ("auyl", 693938), ("respublica", 547154), ("ak_zhol", 535139),
                ("qhp", 432920), ("jsdp", 331058)]),
    2021: (98, [("nur_otan", 5148074), ("ak_zhol", 792828), ("qhp", 659019)]),
}


def largest_remainder(m, parties, quota):
    quotas = [Fraction(v) / quota for _, v in parties]
    seats = [floor(q) for q in quotas]
    order = sorted(range(len(parties)), key=lambda i: (-(quotas[i] - seats[i]), i))
    for i in order[: m - sum(seats)]:
        seats[i] += 1
    return seats


def imperiali(m, parties):
    total = sum(v for _, v in parties)
    quotas = [Fraction(v * (m + 2), total) for _, v in parties]
    seats = [floor(q) for q in quotas]
    rem = [q - s for q, s in zip(quotas, seats)]
    if sum(seats) <= m:
        order = sorted(range(len(parties)), key=lambda i: (-rem[i], i))
        for i in order[: m - sum(seats)]:
            seats[i] += 1
    else:
        # take seats back from the smallest remainders, the later list first on a tie
        order = sorted(range(len(parties)), key=lambda i: (rem[i], -i))
        k = 0
        while sum(seats) > m:
            i = order[k % len(order)]
            if seats[i] > 0:
                seats[i] -= 1
            k += 1
    return seats


def divisor(m, parties, d):
    seats = [0] * len(parties)
    for _ in range(m):
        def prio(i):
            dv = d(seats[i])
            q = Fraction(10**30) if dv == 0 else Fraction(parties[i][1]) / dv
            return (q, parties[i][1], -i)
        best = max(range(len(parties)), key=prio)
        seats[best] += 1
    return seats


def hill_divisor(s):
    # Compare v/sqrt(s(s+1)) exactly: use the square of the priority instead.
    return s * (s + 1)


def divisor_hill(m, parties):
    seats = [0] * len(parties)
    for _ in range(m):
        def prio(i):
            dv = hill_divisor(seats[i])
            q = Fraction(10**60) if dv == 0 else Fraction(parties[i][1] ** 2) / dv
            return (q, parties[i][1], -i)
        best = max(range(len(parties)), key=prio)
        seats[best] += 1
    return seats


for year, (m, parties) in VOTES.items():
    total = sum(v for _, v in parties)
    results = {
        "hare": largest_remainder(m, parties, Fraction(total, m)),
        "droop": largest_remainder(m, parties, Fraction(total // (m + 1) + 1)),
        "imperiali": imperiali(m, parties),
        "dhondt": divisor(m, parties, lambda s: Fraction(s + 1)),
        "sainte-lague": divisor(m, parties, lambda s: Fraction(2 * s + 1)),
        "modified-sainte-lague": divisor(m, parties, lambda s: Fraction(7, 5) if s == 0 else Fraction(2 * s + 1)),
        "danish": divisor(m, parties, lambda s: Fraction(3 * s + 1)),
        "adams": divisor(m, parties, lambda s: Fraction(s)),
        "dean": divisor(m, parties, lambda s: Fraction(2 * s * (s + 1), 2 * s + 1)),
        "huntington-hill": divisor_hill(m, parties),
    }
    for name, seats in results.items():
        print(year, name, " ".join(f"{p}={s}" for (p, _), s in zip(parties, seats)))
