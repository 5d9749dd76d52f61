"""Typed models of the protocol data. Every rule and table row cites its source.

Sources are ``article:<section>`` (the article), ``facts:S<n>`` / ``facts:§<n>``
(the fact sheet), or ``suggested`` (a conservative default with no source, which
a clinic may change). ``suggested`` never stands alone without a fact-sheet
pointer saying where the suggestion comes from.
"""

from __future__ import annotations

import itertools
import math
import re
from functools import cached_property
from string import Formatter
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from intake_tui.core.clock import zone_named
from intake_tui.core.conditions import Condition
from intake_tui.core.i18n import LANGUAGE_PATTERN
from intake_tui.core.identifiers import DEFAULT_IDENTIFIERS, identifiers_problem
from intake_tui.core.launch_settings import ModeSwitch
from intake_tui.core.modes import Mode

ARTICLE_SECTIONS = frozenset(
    {
        "basics",
        "how-it-works",
        "timeline",
        "longevity",
        "maintenance",
        "remodelling",
        "needle-depth",
        "skin-type",
        "aftercare",
        "permanent-vs-temporary",
        "cost",
        "faq",
    }
)
_SOURCE = re.compile(r"^(article:[a-z-]+|facts:(S\d+[a-z]?|§\d+[a-z]?)|suggested)$")

# Words a person reads: never empty.
Words = Annotated[str, Field(min_length=1)]

Action = Literal["block", "refer", "adjust", "warn", "note"]
DepthEffect = Literal["drop_tier", "lower_half", "cap", "step_down"]
Direction = Literal["shortens", "lengthens"]
Phase = Literal["before", "after", "ongoing"]


class _Strict(BaseModel):
    # Built on first validation: a bank read from its compiled cache never needs it.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class _Cited(_Strict):
    sources: tuple[str, ...] = Field(min_length=1)

    @field_validator("sources")
    @classmethod
    def _known_sources(cls, values: tuple[str, ...]) -> tuple[str, ...]:
        for value in values:
            if not _SOURCE.match(value):
                raise ValueError(
                    f"source '{value}' is not article:<section>, facts:S<n>, facts:§<n>, suggested"
                )
            if (
                value.startswith("article:")
                and value.removeprefix("article:") not in ARTICLE_SECTIONS
            ):
                raise ValueError(f"unknown article section in '{value}'")
        if set(values) == {"suggested"}:
            raise ValueError("'suggested' needs a fact-sheet or article pointer beside it")
        return values


class NextStep(_Cited):
    """What happens next for a client this rule puts on hold (block or refer)."""

    # What must change first, in the person's words.
    change: Words
    # When it can be looked at again, in words.
    review: Words
    # A date where the rule knows one: this many days after the intake day. None: no date.
    review_after_days: int | None = Field(default=None, ge=1)
    # What that date is. "earliest": it cannot be sooner (14 days after sunburn: it
    # heals at the earliest today). "latest": the wait counts from something in the
    # past the intake did not date (6 months after isotretinoin stopped "less than 6
    # months ago"), so the real date may be sooner and the report says "at the latest".
    review_date: Literal["earliest", "latest"] = "earliest"


class Rule(_Cited):
    """A contraindication, adjustment, warning or practitioner note."""

    id: str
    action: Action
    when: Condition
    message: str
    practitioner: str = ""
    depth_effect: DepthEffect | None = None
    # depth_effect = "cap": the deepest this rule allows, a step of the depth ladder.
    cap_mm: float | None = None
    # The concerns this rule's depth effect applies to (empty: every concern).
    concerns: tuple[str, ...] = ()
    # A block that also needs a doctor (e.g. a changing mole): "BLOCK + REFER".
    also_refer: bool = False
    # Its depth effect makes the depth gentler for this person's skin (the report says so).
    gentler: bool = False
    # A gate no override may pass (e.g. age under 18): the front desk cannot continue.
    absolute: bool = False
    # A hold's "what happens next" (block or refer only).
    next_step: NextStep | None = None
    # A wait before the first session, in days after the intake day (e.g. 14 after sun):
    # the dated plan starts no sooner.
    wait_days: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _effect_only_for_adjust(self) -> Rule:
        if (self.action == "adjust") != (self.depth_effect is not None):
            raise ValueError("'depth_effect' is given exactly when action = 'adjust'")
        if self.also_refer and self.action != "block":
            raise ValueError("'also_refer' only applies to action = 'block'")
        if self.gentler and self.depth_effect is None:
            raise ValueError("'gentler' only applies to a rule with a 'depth_effect'")
        if (self.depth_effect == "cap") != (self.cap_mm is not None):
            raise ValueError("'cap_mm' is given exactly when depth_effect = 'cap'")
        if self.concerns and self.depth_effect is None:
            raise ValueError("'concerns' only applies to a rule with a 'depth_effect'")
        if self.absolute and self.action not in ("block", "refer"):
            raise ValueError("'absolute' only applies to action = 'block' or 'refer'")
        if (self.next_step is not None) != (self.action in ("block", "refer")):
            raise ValueError("'next_step' is given exactly when action = 'block' or 'refer'")
        return self


class Tier(_Cited):
    """One row of the article's needle-depth table."""

    id: str
    label: str
    min_mm: float
    max_mm: float


class ConcernTier(_Cited):
    """Which tier a concern starts from; the first row whose `when` holds wins."""

    concern: str
    tier: str
    regions: tuple[str, ...]
    area_question: str
    when: Condition | None = None


class AreaCap(_Cited):
    """The deepest a treatment area tolerates (fact sheet §2a)."""

    area: str
    label: str
    region: str
    max_mm: float


class DepthLadder(_Cited):
    """The needle lengths the clinic's devices offer: every depth is one of these."""

    steps_mm: tuple[float, ...] = Field(min_length=1)

    @field_validator("steps_mm")
    @classmethod
    def _ascending(cls, steps: tuple[float, ...]) -> tuple[float, ...]:
        if steps[0] <= 0 or any(a >= b for a, b in itertools.pairwise(steps)):
            raise ValueError("steps_mm are above 0 and strictly ascending")
        return steps

    def holds(self, value_mm: float) -> bool:
        return any(math.isclose(value_mm, step) for step in self.steps_mm)

    def below(self, value_mm: float) -> float | None:
        """The deepest step strictly shallower than ``value_mm``; None at the floor."""
        shallower = [s for s in self.steps_mm if s < value_mm and not math.isclose(s, value_mm)]
        return shallower[-1] if shallower else None


class ClinicOnlyConcern(_Cited):
    """A concern a home device cannot treat honestly: the report sends it to a clinic."""

    concern: str
    reason: str
    # Clinic only when this holds (none: always), e.g. dented scars but not flat marks.
    when: Condition | None = None


class HomeUse(_Cited):
    """What a home device (0.25-0.5 mm) honestly does: the plan says only this."""

    # Replaces the session plan's reason at home.
    promise: str = Field(min_length=1)
    # The timeline milestones (timeline.toml ids) that hold at home depths; the rest
    # (collagen remodelling, study results) are left out of a home plan.
    milestones: tuple[str, ...]


class DepthTable(_Strict):
    concern_question: str
    ladder: DepthLadder
    home: HomeUse
    tiers: tuple[Tier, ...]
    concerns: tuple[ConcernTier, ...]
    areas: tuple[AreaCap, ...]
    clinic_only: tuple[ClinicOnlyConcern, ...] = ()

    @model_validator(mode="after")
    def _tiers_ascend(self) -> DepthTable:
        previous = 0.0
        for tier in self.tiers:
            if not 0 < tier.min_mm <= tier.max_mm or tier.min_mm < previous:
                raise ValueError("tiers ascend and each has 0 < min_mm <= max_mm")
            previous = tier.max_mm
        return self

    @model_validator(mode="after")
    def _depths_on_the_ladder(self) -> DepthTable:
        """A depth no device offers cannot be planned: tiers and caps are ladder steps."""
        for what, value in (
            *((f"tier '{t.id}'", v) for t in self.tiers for v in (t.min_mm, t.max_mm)),
            *((f"area '{a.area}' max_mm", a.max_mm) for a in self.areas),
        ):
            if not self.ladder.holds(value):
                raise ValueError(f"{what}: {value} mm is not a step of depth.ladder.steps_mm")
        return self

    @cached_property
    def tier_index(self) -> dict[str, int]:
        return {tier.id: index for index, tier in enumerate(self.tiers)}

    @cached_property
    def area_caps(self) -> dict[str, AreaCap]:
        return {cap.area: cap for cap in self.areas}


class SessionPlan(_Cited):
    id: str
    reason: str
    sessions_min: int = Field(ge=1)
    sessions_max: int = Field(ge=1)
    planned: int = Field(ge=1)
    when: Condition | None = None

    @model_validator(mode="after")
    def _planned_in_range(self) -> SessionPlan:
        if not self.sessions_min <= self.planned <= self.sessions_max:
            raise ValueError("planned lies between sessions_min and sessions_max")
        return self


class Milestone(_Cited):
    id: str
    label: str
    # The event the days count from, as the source measured it.
    anchor: Literal["first_session", "each_session", "last_session"]
    from_days: int = Field(ge=0)
    to_days: int = Field(ge=0)
    # Shown only to someone who chose one of these concerns; empty: to everyone.
    concerns: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Milestone:
        if self.from_days > self.to_days:
            raise ValueError("from_days is at most to_days")
        return self


class Interval(_Cited):
    min_weeks: int = Field(ge=1)
    max_weeks: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> Interval:
        if self.min_weeks > self.max_weeks:
            raise ValueError("min_weeks is at most max_weeks")
        return self


class Timeline(_Strict):
    start_question: str
    interval: Interval
    plans: tuple[SessionPlan, ...]
    milestones: tuple[Milestone, ...]


FactorKind = Literal["age", "habit", "skin", "treatment"]


class LongevityFactor(_Cited):
    """One factor of the maintenance-interval model: when it holds, it moves the interval
    by ``months`` (times the fact ``per`` names, e.g. ``collagen_years``), shorter or longer."""

    id: str
    direction: Direction
    when: Condition
    text: str
    # What kind of factor: only habits make the report say "your habits help".
    kind: FactorKind
    months: float = Field(gt=0, le=12)
    # A numeric fact the months are multiplied by (age: one step per year of collagen decline).
    per: str = ""


class LongevityBaseline(_Cited):
    summary: str
    typical_months: int = Field(ge=1)
    maintenance_min_months: int = Field(ge=1)
    maintenance_max_months: int = Field(ge=1)
    # Where the interval starts before any factor moves it; clamped to min..max.
    start_months: float = Field(ge=1)
    never_permanent: str
    # "{months}": the interval in whole months, rounded down (the cautious way).
    advice: str
    # Shown only when the interval is longer than the start and a habit moved it most.
    habits_help: str
    # Shown before the factors that moved the interval the most.
    moved_by: str
    # How many factors the report names as having moved the interval.
    moved_by_count: int = Field(default=3, ge=1, le=5)


class Longevity(_Strict):
    baseline: LongevityBaseline

    @model_validator(mode="after")
    def _maintenance_ordered(self) -> Longevity:
        baseline = self.baseline
        if baseline.maintenance_min_months > baseline.maintenance_max_months:
            raise ValueError("maintenance_min_months is at most maintenance_max_months")
        if (
            not baseline.maintenance_min_months
            <= baseline.start_months
            <= (baseline.maintenance_max_months)
        ):
            raise ValueError("start_months lies between maintenance_min_months and _max_months")
        return self

    factors: tuple[LongevityFactor, ...]


class AftercareItem(_Cited):
    id: str
    phase: Phase
    text: str
    when: Condition | None = None


class PhototypeBand(_Strict):
    min_score: int
    max_score: int
    phototype: int = Field(ge=1, le=6)


class PhototypeReconcile(_Cited):
    """Which phototype is used when the self-description and the quiz differ."""

    # higher / lower of the two, or one of them (the other only when it is missing).
    prefer: Literal["higher", "lower", "quiz", "self"]


class PhototypeScoring(_Cited):
    self_question: str
    self_types: dict[str, Annotated[int, Field(ge=1, le=6)]]
    quiz_questions: tuple[str, ...]
    bands: tuple[PhototypeBand, ...]
    reconcile: PhototypeReconcile

    @model_validator(mode="after")
    def _bands_cover_scores(self) -> PhototypeScoring:
        expected = 0
        for band in self.bands:
            if band.min_score != expected or band.max_score < band.min_score:
                raise ValueError(
                    f"phototype bands must run on without gaps or overlaps from 0 (at {band})"
                )
            expected = band.max_score + 1
        return self


class ScarGradeRow(_Cited):
    """One row of a graded scale found from answers (acne scars, photoageing): 1-4."""

    grade: int = Field(ge=1, le=4)
    when: Condition


class CollagenDecline(_Cited):
    """Collagen falls about 1% a year from this age (the article); gives collagen_years."""

    from_age: int = Field(ge=0)


class HomeDevice(_Cited):
    """How deep a home device's needles may go, by answer: the report compares it with
    the depth planned (fact home_device_mm, and the outcome home_device_within_plan)."""

    question: str
    # Option value -> the longest needle that answer allows, in mm (the conservative end).
    mm: dict[str, float]


class DerivedFacts(_Strict):
    phototype: PhototypeScoring
    acne_scar_grade: tuple[ScarGradeRow, ...]
    # Glogau photoageing type I-IV from the visible signs asked (fact sheet §4b).
    glogau_grade: tuple[ScarGradeRow, ...] = ()
    age_question: str
    collagen_decline: CollagenDecline
    # Optional: a bank without a home-device question has none.
    home_device: HomeDevice | None = None


class DecisionWording(_Strict):
    """How a gate decision is named (title) and said (headline)."""

    title: Words
    headline: Words


class Wording(_Strict):
    """The words of the result: one entry per gate decision, and the closing notice."""

    notice: Words
    gentler_depth_note: Words
    # The depth table's note where a gentler rule applied but the depth was already at
    # the ladder's shallowest step, so it could not be gentler.
    floor_depth_note: Words
    # The depth table's note for a concern none of the chosen areas suits.
    no_area_note: Words
    # The depth column for a concern that is not for home treatment.
    see_clinic: Words
    # At home there is no practitioner: the go-ahead headline and the notice for home use.
    home_go_ahead_headline: Words
    home_notice: Words
    home_details_heading: Words
    # At home, by rule or aftercare id: the words the person reads instead of the
    # rule's message or the item's text, wherever those name a practitioner.
    at_home: dict[str, Words] = {}
    see_doctor_when_ready: Words
    # A next step's date: {date} is the day. "latest": the wait counts from an undated
    # past event, so the date is the latest it can be (NextStep.review_date).
    review_not_before: Words
    review_at_the_latest: Words
    # The depth table's note where deeper treatment needs another setting: {depth} is
    # the deeper range, {places} every setting that allows it (settings.toml `place`).
    deeper_elsewhere: Words
    # {places} when no setting allows it.
    any_clinic: Words
    go_ahead: DecisionWording
    # Nothing chosen can be planned (every concern "see a clinic" or no area suits it).
    nothing_planned: DecisionWording
    physician_first: DecisionWording
    not_now: DecisionWording

    def decision(self, decision: str) -> DecisionWording:
        wording = getattr(self, decision, None)
        if not isinstance(wording, DecisionWording):
            raise KeyError(decision)
        return wording


class Protocol(_Strict):
    """All clinical tables, loaded from ``questions/protocol/``."""

    rules: tuple[Rule, ...]
    depth: DepthTable
    timeline: Timeline
    longevity: Longevity
    aftercare: tuple[AftercareItem, ...]
    facts: DerivedFacts
    wording: Wording
    content_hash: str = ""

    def gentler_rules(self) -> frozenset[str]:
        """Rules whose depth narrowing the report calls gentler for the person's skin.

        A method, not a cached property: model_copy(update=...) would keep a stale cache."""
        return frozenset(rule.id for rule in self.rules if rule.gentler)

    @cached_property
    def absolute_rules(self) -> frozenset[str]:
        """Rules whose gate no override may pass."""
        return frozenset(rule.id for rule in self.rules if rule.absolute)


class SettingProfile(_Cited):
    """Where the treatment happens: its depth ceiling and price per session."""

    value: str
    label: str
    max_depth_mm: float
    price_low: int | None = Field(default=None, ge=0)
    price_high: int | None = Field(default=None, ge=0)
    # At home: the device (and its heads) as a one-off cost, where the clinic prices it.
    device_price_low: int | None = Field(default=None, ge=0)
    device_price_high: int | None = Field(default=None, ge=0)
    price_note: str = ""
    clinic: bool
    # Where this is, in plain words, as a place to go ("a medical clinic"). Empty for a
    # setting that is no place of its own (home, "not decided yet"): never suggested.
    place: str = ""

    @model_validator(mode="after")
    def _prices_paired(self) -> SettingProfile:
        for low, high, name in (
            (self.price_low, self.price_high, "price"),
            (self.device_price_low, self.device_price_high, "device_price"),
        ):
            if (low is None) != (high is None):
                raise ValueError(f"{name}_low and {name}_high come together")
            if low is not None and high is not None and low > high:
                raise ValueError(f"{name}_low is at most {name}_high")
        return self


class AddOn(_Cited):
    question: str
    value: str
    label: str
    price_low: int = Field(ge=0)
    price_high: int = Field(ge=0)
    # "yes": priced at both ends; "maybe" (e.g. "not sure"): only the high end rises.
    chosen: Literal["yes", "maybe"] = "yes"


class ClinicSettings(_Strict):
    """Clinic-editable settings: currency, setting ceilings, prices, time zone."""

    currency: str
    # How an amount is written: "{currency}" and "{amount}" (e.g. "£{amount}", "{amount} €"),
    # and the separator between thousands ("," or "." or " "; "" for none).
    money_format: str = "{currency} {amount}"
    thousands_separator: Literal[",", ".", " ", "\u202f", "'", ""] = ","
    # An IANA name (America/Chicago); "" takes the machine's zone (core/clock.py).
    time_zone: str = ""
    # Paper for printed documents (PDF): "a4", or "letter" in North America.
    paper: Literal["a4", "letter"] = "a4"
    setting_question: str
    home_max_depth_mm: float = Field(le=0.5)
    settings: tuple[SettingProfile, ...]
    add_ons: tuple[AddOn, ...] = ()
    # The mode the app starts in without --mode, and whether staff may switch it in the
    # app (with their initials, audit-logged) or not at all. Read at launch by
    # core/launch_settings.py; validated here.
    default_mode: Mode = "self"
    mode_switch: ModeSwitch = "with_initials"
    # Front desk: what identifies a client record (core/clients.py), in the order shown.
    client_identifiers: tuple[str, ...] = DEFAULT_IDENTIFIERS
    # The language the app and reports use without --lang: "en", or one with a folder in
    # translations/ (core/i18n). Read at launch by core/launch_settings.py.
    language: str = Field(default="en", pattern=LANGUAGE_PATTERN.pattern)
    content_hash: str = ""

    @model_validator(mode="after")
    def _home_stays_shallow(self) -> ClinicSettings:
        for profile in self.settings:
            if not profile.clinic and profile.max_depth_mm > self.home_max_depth_mm:
                raise ValueError(
                    f"setting '{profile.value}' is not a clinic, so its max_depth_mm may not "
                    f"exceed home_max_depth_mm ({self.home_max_depth_mm})"
                )
        return self

    @field_validator("money_format")
    @classmethod
    def _money_format_names_the_amount(cls, value: str) -> str:
        names = {name for _, name, _, _ in Formatter().parse(value) if name is not None}
        if "amount" not in names or not names <= {"amount", "currency"}:
            raise ValueError("money_format holds {amount}, and optionally {currency}, nothing else")
        return value

    @field_validator("client_identifiers")
    @classmethod
    def _known_identifiers(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if problem := identifiers_problem(value):
            raise ValueError(problem)
        return value

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value:
            zone_named(value)  # UnknownTimeZone is a ValueError: a load error at its line
        return value

    @cached_property
    def zone(self) -> ZoneInfo | None:
        """The clinic's zone; None: the machine's."""
        return zone_named(self.time_zone) if self.time_zone else None

    @cached_property
    def by_value(self) -> dict[str, SettingProfile]:
        return {profile.value: profile for profile in self.settings}
