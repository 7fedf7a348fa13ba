"""Modality and negation of a trigger, and what the cues before it make of its type.

The cues are read in the trigger's own clause, from its start to the trigger
(docs/events.md, "Modality and negation"); what a refusal, a halt or an
announcement makes of a type comes from the PLOVER type table.
"""

from __future__ import annotations

from dataclasses import dataclass

from jishi.lang.zh.events import Trigger
from jishi.stages.events.site import Coding

# When several apply, the modality is the first of these.
MODALITY_ORDER = ("hypothetical", "future", "sought", "historical")
# Events that did not (yet) happen take no date from the narrative around them.
UNREALIZED = frozenset({"hypothetical", "future", "sought"})


@dataclass(frozen=True)
class Act:
    """Type, mode, modality and negation of a trigger once the cues are read."""

    type: str
    mode: str | None
    modality: str | None
    negated: bool


def modality_of(kinds: set[str]) -> str | None:
    """The modality the cue kinds before a trigger give it (None: a plain report)."""
    return next((kind for kind in MODALITY_ORDER if kind in kinds), None)


def recast(trigger: Trigger, kinds: set[str], coding: Coding) -> Act:
    """Type, mode, modality and negation of a trigger in the light of the cues before it.

    暂停对X的援助 is a SANCTION; 不会与X谈判 a REJECT of talks (the refusal is
    the act, made now); 将对X加征关税 a THREATEN (announcing a sanction is
    threatening it, CAMEO 1312).
    """
    modality = modality_of(kinds)
    negated = "negated" in kinds
    rules = coding.type(trigger.type)
    if "halt" in kinds and rules.halted_as is not None:
        return Act(rules.halted_as.type, rules.halted_as.mode, modality, negated)
    if "refusal" in kinds and rules.refused_as is not None and not negated:
        return Act(rules.refused_as, rules.content_mode, None, False)
    if "willing" in kinds and rules.willing_as is not None and not negated:
        return Act(rules.willing_as, None, None, False)  # 愿同X保持联系: an intent, stated now
    if rules.announced_as is not None and modality == "future" and not negated:
        return Act(rules.announced_as.type, rules.announced_as.mode, None, False)
    return Act(trigger.type, trigger.mode, modality, negated or "refusal" in kinds)
