"""The learned engine: the shipped model loads and finds quotes, and the trainer still trains."""

from pathlib import Path

import pytest

from quotes.engines import choose, learned, registry
from quotes.engines.learned import scorer as scorers  # the module; learned.shipped() is the model
from quotes.engines.learned.candidates import LOOSE, loose
from quotes.engines.learned.tagger import TAGGED, Tagger, words
from quotes.engines.learned.train import fit_tagger, tagger_sequences, train, train_tagger
from quotes.lang import get
from quotes.model import Article, Extracted

STORY = (
    'Port officials said on Monday that the harbour would close for a week. "We have no choice," '
    "said Marta Kovač, who chairs the chamber of commerce.\n\n"
    "Mayor Ana Ruiz had mocked the complaint, saying anybody who complains about the harbour "
    "\u201cis not having a good week.\u201d\n"
)


def test_the_shipped_model_loads_and_finds_quotes_with_their_confidence():
    engine = choose.get_engine("learned")
    found = engine.extract(STORY)
    texts = [q.text for q in found]
    assert "the harbour would close for a week" in texts
    assert "We have no choice," in texts or "We have no choice" in texts
    kovac = next(q for q in found if q.text.startswith("We have"))
    assert kovac.speaker.name == "Marta Kovač"
    # A participle far into its sentence: a loose candidate the model keeps, a partial quote in it.
    mocked = next(q for q in found if q.text.startswith("anybody who complains"))
    assert (mocked.speaker.name, mocked.kind, mocked.cue) == ("Ana Ruiz", "mixed", "saying")
    assert all(0.0 <= q.confidence <= 1.0 for q in found)
    assert all(q.confidence >= learned.shipped().thresholds[scorers.origin(q)] for q in found)


def test_confidence_travels_across_the_seam():
    quotes = choose.get_engine("learned").extract(STORY)
    extracted = Extracted(Article("story.txt", STORY), "learned", quotes)
    back = Extracted.from_dict(extracted.to_dict())
    assert [q.confidence for q in back.attributions] == [q.confidence for q in quotes]
    assert all(q.confidence is None for q in choose.get_engine("rules").extract(STORY))


def test_loose_candidates_read_the_cues_the_rules_leave():
    pack = get("en")
    everything = loose(STORY, [], pack)  # with no rules quotes, a candidate at every cue verb
    assert {"said", "saying"} <= {q.cue for q in everything}
    assert all(q.extra["rule"] == LOOSE for q in everything)
    rules_found = choose.get_engine("rules").extract(STORY)
    left = loose(STORY, rules_found, pack)
    cues = {q.cue_start for q in rules_found}
    assert left and all(q.cue_start not in cues for q in left)  # never a cue the rules used


def test_a_damaged_model_is_one_clear_error(tmp_path):
    bad = tmp_path / "attribution.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(scorers.BadModel, match="cannot read the attribution model"):
        scorers.load(bad)


def test_the_learned_engine_is_a_choice():
    assert "learned" in choose.choices()
    assert registry.registration("learned").why_not(None) is None


# Three tiny PolNeAR-shaped articles (brat standoff), enough for the trainer to run end to end.
ARTICLES = {
    "a": ('Ana Ruiz said the plan would fail. The council declared a state of emergency.',
          [("Ana Ruiz", "said", "the plan would fail")]),
    "b": ('"It is over," said Tomas Lind. He added that the boats were gone.',
          [("Tomas Lind", "said", "It is over,"), ("He", "added", "the boats were gone")]),
    "c": ('The minister announced new tariffs. Critics said the tariffs would hurt farmers.',
          [("Critics", "said", "the tariffs would hurt farmers")]),
}


def _polnear(folder: Path) -> Path:
    (folder / "text").mkdir(parents=True)
    (folder / "attributions").mkdir()
    for name, (text, notes) in ARTICLES.items():
        (folder / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
        lines, n = [], 0
        for source, cue, content in notes:
            ids = []
            for label, words in (("Source", source), ("Cue", cue), ("Content", content)):
                n += 1
                start = text.index(words)
                lines.append(f"T{n}\t{label} {start} {start + len(words)}\t{words}")
                ids.append(f"{label}:T{n}")
            lines.append(f"E{n}\tAttribution:T{n} " + " ".join(ids))
        (folder / "attributions" / f"{name}_x.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_the_trainer_trains_a_model_the_engine_can_load(tmp_path):
    folder = _polnear(tmp_path / "polnear")
    heard = []
    model = train(folder, folder, seed=1, epochs=2, say=heard.append)
    assert model.kind in scorers.KINDS and set(model.thresholds) == {"rules", "loose"}
    assert any(line.startswith("chosen:") for line in heard)
    model.save(tmp_path / "tiny.npz")
    again = scorers.load(tmp_path / "tiny.npz")
    found = learned.extract(ARTICLES["a"][0], model=again)
    assert all(q.confidence is not None for q in found)
    same = train(folder, folder, seed=1, epochs=2, say=lambda line: None)
    assert same.kind == model.kind
    for name, weights in model.weights.items():
        assert (weights == same.weights[name]).all()  # deterministic from its seed


def test_the_tagger_trains_on_a_few_articles_and_proposes_what_it_learnt(tmp_path):
    folder = _polnear(tmp_path / "polnear")
    sequences = tagger_sequences(folder)
    assert sequences and all(len(x) == len(y) for x, y in sequences)
    assert any("B-C" in tags and "B-Q" in tags and "B-S" in tags for _, tags in sequences)
    fit_tagger(sequences, "lbfgs", tmp_path / "one.crfsuite")
    fit_tagger(sequences, "lbfgs", tmp_path / "two.crfsuite")
    assert (tmp_path / "one.crfsuite").read_bytes() == (tmp_path / "two.crfsuite").read_bytes()  # deterministic
    tiny = Tagger.load(tmp_path / "one.crfsuite")
    text = ARTICLES["a"][0]
    proposed = tiny.candidates(text, get("en"))
    assert [(q.text, q.cue, q.speaker.mention) for q in proposed] == [("the plan would fail", "said", "Ana Ruiz")]
    assert all(q.extra["rule"] == TAGGED and 0 < q.confidence <= 1 for q in proposed)
    # Cues the other candidates read already are left alone: the tagger reads no paragraph.
    read = frozenset(w.start for w in words(text, 0, len(text)) if w.value.lower() in get("en").say_forms)
    assert {text[i:i + 4] for i in read} >= {"said", "decl"}
    assert tiny.candidates(text, get("en"), read) == []


def test_the_trainer_chooses_a_threshold_for_the_tagger_and_the_engine_uses_it(tmp_path):
    folder = _polnear(tmp_path / "polnear")
    model = train(folder, folder, seed=1, epochs=2, kinds=("logistic",), say=lambda line: None)
    heard = []
    threshold = train_tagger(folder, folder, model, tmp_path / "tagger.crfsuite", say=heard.append)
    assert 0 < threshold < 1 and any(line.startswith("tagger chosen:") for line in heard)
    model.thresholds["tagged"] = threshold
    found = learned.extract(ARTICLES["c"][0], model=model, tagger=Tagger.load(tmp_path / "tagger.crfsuite"))
    assert all(q.confidence >= model.thresholds[scorers.origin(q)] for q in found)


def test_the_shipped_tagger_reads_a_statement_far_from_its_subject():
    text = ("Officials announced on Monday the closure of the bridge after a storm damaged its supports "
            "and said the ferry would run through the winter.\n")
    proposed = learned.shipped_tagger().candidates(text, get("en"))
    assert [(q.text, q.cue, q.speaker.mention) for q in proposed] == \
        [("the ferry would run through the winter", "said", "Officials")]
    assert proposed[0].confidence >= learned.shipped().thresholds["tagged"]
    assert "the ferry would run through the winter" in [q.text for q in learned.extract(text)]


def test_a_damaged_tagger_is_one_clear_error(tmp_path):
    bad = tmp_path / "tagger.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(ValueError, match="Invalid model"):
        Tagger.load(bad)
