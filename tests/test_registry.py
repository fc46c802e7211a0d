"""Engines live in a registry, and choosing one is data (tests/test_house.py checks the imports)."""

import pytest

from quotes.engines import choose, get_engine, registry, stanza_engine
from quotes.extract.article import find
from quotes.model import DIRECT, Attribution

def test_an_unknown_engine_is_one_clear_error():
    with pytest.raises(registry.EngineUnavailable, match=r"no engine named 'nope' \(available: .*rules"):
        registry.build("nope")


def test_a_registered_engine_is_chosen_by_name_and_runs_in_the_extract_stage(monkeypatch):
    monkeypatch.setattr(registry, "_ENGINES", dict(registry._ENGINES))

    def shouting(model_dir=None, pack=None):
        return registry.Engine("shouting", lambda text: [
            Attribution(DIRECT, 0, len(text.split("!")[0]), text.split("!")[0])])

    registry.register("shouting", shouting)
    assert "shouting" in registry.names()
    engine = get_engine("shouting")
    assert engine.name == "shouting"
    assert [q.text for q in find("Stop! he said", engine)] == ["Stop"]


def test_engine_choices_come_from_the_registry():
    assert choose.ENGINE_CHOICES == ("auto", "learned", "rules", "stanza") == choose.choices()
    assert stanza_engine.CONLLU_NAME not in choose.ENGINE_CHOICES  # made per document, never by name


def _shouting(name):
    def factory(model_dir=None, pack=None):
        return registry.Engine(name, lambda text: [], pack)
    return factory


def test_auto_takes_the_most_preferred_engine_that_can_run_and_says_once_why(monkeypatch):
    monkeypatch.setattr(registry, "_ENGINES", dict(registry._ENGINES))
    monkeypatch.setattr(choose, "_told", False)
    registry.register("loud", _shouting("loud"), check=lambda model_dir, auto: "no megaphone here",
                      preference=100)
    registry.register("hidden", _shouting("hidden"), preference=1000, auto=False)
    heard = []
    first = choose.get_engine("auto", "/nonexistent-models", notify=heard.append)
    again = choose.get_engine("auto", "/nonexistent-models", notify=heard.append)
    assert first.name == again.name == "rules"
    assert heard == ["using the model-free rules engine: no megaphone here"]
    assert "loud" in choose.choices()  # auto=False or a failing check does not hide a name from --engine
    with pytest.raises(registry.EngineUnavailable, match="no megaphone here"):
        choose.get_engine("loud")


def test_auto_takes_a_preferred_engine_that_can_run(monkeypatch):
    monkeypatch.setattr(registry, "_ENGINES", dict(registry._ENGINES))
    registry.register("loud", _shouting("loud"), check=lambda model_dir, auto: None, preference=100)
    registry.register("quiet", _shouting("quiet"), choosable=False)
    assert choose.get_engine("auto").name == "loud"
    assert "quiet" not in choose.choices()


def test_two_positional_arguments_still_register_an_engine(monkeypatch):
    monkeypatch.setattr(registry, "_ENGINES", dict(registry._ENGINES))
    registry.register("plain", _shouting("plain"))
    plain = registry.registration("plain")
    assert (plain.check, plain.preference, plain.auto, plain.choosable) == (None, 0, True, True)
