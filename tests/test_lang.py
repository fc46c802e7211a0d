"""The language pack: one place for the words, seen by both engines, not by the evaluator."""
import dataclasses
import json
import subprocess
import sys
from collections.abc import Mapping

import pytest

from quotes import evaluate
from quotes.engines import rules
from quotes.engines import stanza_engine
from quotes.readers.conllu import parse_document
from quotes.lang import LANGUAGES, LanguagePack, UnknownLanguage, get
from quotes.model import DIRECT, INDIRECT

EN = get("en")

# Fields that hold characters or regular expressions, where case is part of the data.
NOT_WORDS = {"code", "inflect", "quote_pairs", "single_quotes", "interchangeable_closers", "dashes",
             "byline_dashes", "trailer_patterns", "notice_patterns", "quote_alias_patterns", "party_tag_pattern",
             "self_introduction_pattern"}


def with_lemma(lemma: str) -> LanguagePack:
    """English with one more verb of saying, as a user adding it to ``SAY_LEMMAS`` would get."""
    return dataclasses.replace(EN, say_lemmas=EN.say_lemmas | {lemma})


def words_of(value) -> list[str]:
    if isinstance(value, Mapping):
        return [w for key, item in value.items() for w in [key, *words_of(item)]]
    if isinstance(value, str):
        return value.split()
    if isinstance(value, (set, frozenset, tuple, list)):
        return [w for item in value for w in words_of(item)]
    return []  # a pronoun's (gender, is-subject) flag


def test_unknown_language_is_one_line_naming_the_ones_there_are():
    with pytest.raises(UnknownLanguage) as raised:
        get("fr")
    assert str(raised.value) == "unknown language 'fr' (available: en)"
    assert isinstance(raised.value, ValueError)
    assert LANGUAGES == ("en",) and get("en") is EN


@pytest.mark.parametrize("field", [f.name for f in dataclasses.fields(LanguagePack)])
def test_every_word_list_is_filled_and_lower_case(field):
    value = getattr(EN, field)
    if field == "inflect":
        assert value("warn") == ("warn", "warns", "warned", "warning")
        return
    assert value, f"{field} is empty"
    if field not in NOT_WORDS:
        words = words_of(value)
        assert words and all(w == w.lower() for w in words), \
            f"{field} has capitals: {[w for w in words if w != w.lower()]}"


def test_no_list_names_a_verb_no_engine_uses():
    """Forms written out, or verbs left off the trees, for a verb that is no cue are dead entries."""
    cues = EN.say_lemmas | EN.frame_lemmas
    assert set(EN.say_forms_written) <= cues
    assert EN.tree_unchecked_lemmas <= EN.say_lemmas
    assert EN.hearer_lemmas <= EN.say_lemmas and EN.tree_hearer_lemmas <= EN.tree_say_lemmas


DIRECT_TEXT = '"We will not reopen the harbour before the storms have passed," Sean Ryan grumbled.\n'
REPORTED_TEXT = "Sean Ryan grumbled that the harbour would stay closed until the storms had passed.\n"


def test_a_new_verb_of_saying_is_a_cue_for_the_rules_engine():
    assert rules.extract(DIRECT_TEXT) == [] and rules.extract(REPORTED_TEXT) == []
    pack = with_lemma("grumble")
    (direct,) = rules.extract(DIRECT_TEXT, pack)
    assert direct.kind == DIRECT and direct.cue == "grumbled"
    assert direct.text.startswith("We will not reopen") and direct.speaker.name == "Sean Ryan"
    (reported,) = rules.extract(REPORTED_TEXT, pack)
    assert reported.kind == INDIRECT and reported.speaker.name == "Sean Ryan"
    assert reported.text == "the harbour would stay closed until the storms had passed"


GRUMBLED = """\
# text = Ryan grumbled that prices rose sharply.
1	Ryan	Ryan	PROPN	NNP	Number=Sing	2	nsubj	_	_
2	grumbled	grumble	VERB	VBD	Mood=Ind|Tense=Past|VerbForm=Fin	0	root	_	_
3	that	that	SCONJ	IN	_	5	mark	_	_
4	prices	price	NOUN	NNS	Number=Plur	5	nsubj	_	_
5	rose	rise	VERB	VBD	Mood=Ind|Tense=Past|VerbForm=Fin	2	ccomp	_	_
6	sharply	sharply	ADV	RB	_	5	advmod	_	SpaceAfter=No
7	.	.	PUNCT	.	_	2	punct	_	_

"""


def test_a_new_verb_of_saying_is_a_cue_for_the_stanza_engine():
    doc = parse_document(GRUMBLED)
    assert stanza_engine.attribute(doc) == []
    (quote,) = stanza_engine.attribute(doc, with_lemma("grumble"))
    assert (quote.kind, quote.text, quote.cue, quote.speaker.name) == \
        (INDIRECT, "prices rose sharply", "grumbled", "Ryan")


def test_the_evaluators_verb_of_saying_does_not_follow_the_pack():
    """Adding a cue verb to the English pack moves the engines, never the yardstick."""
    script = (  # in a process of its own: en.py as if "grumble" had been written into it
        "import importlib, json\n"
        "import quotes.lang as lang, quotes.lang.en as en\n"
        "en.SAY_LEMMAS = en.SAY_LEMMAS | {'grumble'}\n"
        "lang._PACKS.clear()\n"
        "from quotes import evaluate\n"
        "from quotes.engines import rules\n"
        "evaluate, rules = importlib.reload(evaluate), importlib.reload(rules)\n"
        f"print(json.dumps(['grumbled' in lang.get('en').say_forms, len(rules.extract({DIRECT_TEXT!r})),\n"
        "                  evaluate.is_saying('Ryan grumbled', [(5, 13)]), sorted(evaluate.SAY_FORMS)]))\n"
    )
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    in_pack, found, saying, forms = json.loads(output.stdout)
    assert in_pack and found == 1  # the pack and the engine took the new verb ...
    assert not saying and forms == sorted(evaluate.SAY_FORMS)  # ... the evaluator did not
    assert not evaluate.is_saying("Ryan grumbled", [(5, 13)]) and evaluate.is_saying("Ryan said", [(5, 9)])


def test_the_rules_engines_derived_word_classes_are_the_lists_it_was_tuned_with():
    """The sets the rules engine once wrote inline, now made from the pack's lists."""
    assert EN.naming_forms == {"call", "calls", "called", "calling"}
    assert EN.request_forms == {"ask", "asks", "asked", "asking"}
    assert EN.clause_words_not_saying == EN.clause_words - {"said", "says"}
    assert EN.adjunct_only_prepositions == EN.adjunct_prepositions - {"to"}
    assert EN.noun_markers == {"'s", "\u2019s", "the", "a", "an", "his", "her", "their", "its", "our", "my", "your"}
    assert EN.trailing_connective.sub("", "he said X, and") == "he said X"
    assert EN.according_to_pattern.match("According to  the ministry").end() == len("According to  ")


def test_the_rules_engine_reads_the_pack_it_was_built_with():
    """A pack given to the registry reaches every pattern: here the possessive a speech noun's
    owner stands for."""
    from quotes.engines import registry
    text = "Ryan repeated his claim that the harbour would stay closed all winter.\n"
    (quote,) = rules.extract(text)
    assert quote.speaker.mention == "he"
    pack = dataclasses.replace(EN, possessive_subjects={**EN.possessive_subjects, "his": "him"})
    (quote,) = registry.build("rules", pack=pack).extract(text)
    assert quote.speaker.mention == "him"


def test_no_rules_module_binds_a_pack_at_import():
    """The pack is the engine's: resolved when ``extract`` runs, never when a module loads."""
    import ast
    import pathlib
    for path in pathlib.Path(rules.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in tree.body:
            calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "get"]
            if not isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                assert not calls, f"{path.name}:{node.lineno} binds a pack at import"
            if isinstance(node, ast.FunctionDef):
                for default in node.args.defaults + node.args.kw_defaults:
                    assert default is None or isinstance(default, ast.Constant), f"{path.name}: {node.name}"
