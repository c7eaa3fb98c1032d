"""What the runner hears: speech rendered ahead by pyttsx3, mixed with the cue sounds.

``make_cue_player`` builds the real player (or a silent one that says why); ``list_voices``
gives a settings page the installed voices. Imports stay lazy so the speech child process,
which needs only ``pcm`` and ``speech_worker``, never loads Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hipcoach.adapters.audio.player import make_cue_player
    from hipcoach.adapters.audio.speech import SpeechSettings, VoiceInfo, list_voices

__all__ = ["SpeechSettings", "VoiceInfo", "list_voices", "make_cue_player"]


def __getattr__(name: str) -> Any:
    if name == "make_cue_player":
        from hipcoach.adapters.audio import player

        return player.make_cue_player
    if name in ("SpeechSettings", "VoiceInfo", "list_voices"):
        from hipcoach.adapters.audio import speech

        return getattr(speech, name)
    raise AttributeError(name)
