"""``manage.py bench --sizes``: every list measured as the people of the agency with the fewest
documents and of the one with the most, side by side, with the ratio of their medians. A list
that costs the same for an agency of 1,000 documents and of 10,000 has a ratio near 1.

The data set holds both: two ``seed_scale`` runs with different ``--province-code`` and
``--documents-per-agency`` (README, Performance).
"""

from dataclasses import dataclass

from qms.devdata.scale.bench import CASES, Result, Target, find_target, run_case

# The cases that are lists or searches of the agency's rows.
LIST_CASES = (
    "Document register: first page",
    "Document register: filtered",
    "Document register: deep page",
    "Search with diacritics",
    "Search without diacritics",
    "Nonconformity register",
    "Records register",
    "Acknowledgement overview",
    "API: documents",
    "API: revisions",
    "API: nonconformities",
    "API: audits",
)
# The budget of the ratio between the two agencies' medians.
RATIO_BUDGET = 1.2


@dataclass
class SizePair:
    name: str
    small: Result
    large: Result

    @property
    def ratio(self) -> float | None:
        small, large = self.small.as_dict(), self.large.as_dict()
        if not small["median_ms"] or not large["median_ms"]:
            return None
        return round(large["median_ms"] / small["median_ms"], 2)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "small": self.small.as_dict(),
            "large": self.large.as_dict(),
            "ratio": self.ratio,
            "within_budget": self.ratio is not None and self.ratio <= RATIO_BUDGET,
        }


def targets() -> tuple[Target, Target]:
    small, large = find_target(smallest=True), find_target()
    if small.agency.pk == large.agency.pk:
        raise LookupError(
            "--sizes needs two agencies of different sizes: seed a second province with "
            "another --documents-per-agency."
        )
    return small, large


def run_sizes(*, runs: int, only: str = "", log=print) -> tuple[dict, list[SizePair]]:
    small, large = targets()
    sizes = {
        "small": {"agency": small.agency.code, "documents": small.agency.documents.count()},
        "large": {"agency": large.agency.code, "documents": large.agency.documents.count()},
    }
    log(
        f"Comparing {small.agency.code} ({sizes['small']['documents']:,} documents) with "
        f"{large.agency.code} ({sizes['large']['documents']:,} documents)"
    )
    pairs = []
    for case in CASES:
        if case.name not in LIST_CASES or (only and only.lower() not in case.name.lower()):
            continue
        pair = SizePair(
            case.name, run_case(case, small, runs=runs), run_case(case, large, runs=runs)
        )
        pairs.append(pair)
        log(f"  {line(pair)}")
    return sizes, pairs


def line(pair: SizePair) -> str:
    small, large = pair.small.as_dict(), pair.large.as_dict()
    if pair.small.skipped or pair.large.skipped:
        return f"{pair.name:<34} skipped: {pair.small.skipped or pair.large.skipped}"
    flag = "" if pair.ratio is not None and pair.ratio <= RATIO_BUDGET else "  over budget"
    return (
        f"{pair.name:<34} {small['median_ms']:>8} ms {large['median_ms']:>8} ms "
        f"×{pair.ratio:<5} {small['queries']:>3}/{large['queries']:<3} queries{flag}"
    )
