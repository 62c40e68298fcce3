"""The demonstration texts GetDemonstrationForCustomizedVoiceJob hands out, per scenario.

Each of a scenario's 20 texts is one of its subjects with one of its predicates, so
every text is different and reads as a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

from .vocabulary import RECORDS_PER_VOICE

__all__ = ["Demonstration", "demonstrations"]

_SUBJECTS = {
    "story": (
        "The old lighthouse keeper",
        "A curious little fox",
        "The girl with the red kite",
        "Our grandfather",
        "The sleepy village baker",
    ),
    "interaction": (
        "Your order",
        "The meeting room",
        "Your appointment",
        "The weather today",
        "Your package",
    ),
    "navigation": (
        "In two hundred meters",
        "At the next roundabout",
        "After the bridge",
        "At the traffic lights",
        "In half a kilometer",
    ),
}
_PREDICATES = {
    "story": (
        "looked out over the quiet sea.",
        "found a key beneath the snow.",
        "told a story nobody believed.",
        "waited until the stars came out.",
    ),
    "interaction": (
        "is ready, would you like to confirm?",
        "has been booked for three o'clock.",
        "can be changed at any time.",
        "will arrive tomorrow morning.",
    ),
    "navigation": (
        "turn left onto the main road.",
        "take the second exit.",
        "keep right and follow the signs.",
        "continue straight ahead.",
    ),
}


@dataclass(frozen=True)
class Demonstration:
    """One text to record: `audio_id` is the AudioRecordId its recording is checked as."""

    audio_id: int
    text: str


def demonstrations(scenario: str) -> list[Demonstration]:
    """The texts of a scenario (one of SCENARIOS), AudioId 1 to 20."""
    subjects, predicates = _SUBJECTS[scenario], _PREDICATES[scenario]
    return [
        Demonstration(
            audio_id=index + 1,
            text=f"{subjects[index % len(subjects)]} {predicates[index // len(subjects)]}",
        )
        for index in range(RECORDS_PER_VOICE)
    ]
