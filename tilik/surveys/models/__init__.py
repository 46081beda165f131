from tilik.surveys.models.bursts import Burst, BurstDecision, BurstReason, KioskDevice, PublicTrace
from tilik.surveys.models.instruments import Choice, Instrument, InstrumentVersion, Question, Section
from tilik.surveys.models.reminders import ScheduledReminder
from tilik.surveys.models.responses import Answer, Response
from tilik.surveys.models.snapshots import ResultSnapshot
from tilik.surveys.models.waves import Draft, Invitation, ParticipantKey, PublicRateCounter, TokenUse, Wave

__all__ = [
    "Answer",
    "Burst",
    "BurstDecision",
    "BurstReason",
    "Choice",
    "Draft",
    "Instrument",
    "InstrumentVersion",
    "Invitation",
    "ParticipantKey",
    "KioskDevice",
    "PublicTrace",
    "PublicRateCounter",
    "Question",
    "Response",
    "ResultSnapshot",
    "ScheduledReminder",
    "Section",
    "TokenUse",
    "Wave",
]
