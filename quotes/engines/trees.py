"""Attribution read off a dependency tree: the stanza engine's rules, on any parse.

A verb of saying is the cue; its ``nsubj`` is the speaker (its ``nsubj:pass``
is not: *he was told that* names the hearer), its ``ccomp`` or ``parataxis``
is what was said, and a cue that is itself the ``parataxis`` of a clause
(*The plan, he said, is dead*) reports that clause. *According to X* is an
``obl`` whose ``case`` is *according*. Quotation marks are paired over the
whole document; a quotation takes the speaker of the cue whose content it
overlaps, is *mixed* when that content goes well beyond the marks, continues
the previous speaker when it follows a quote with no cue of its own, and is
dropped (a scare quote, a title) otherwise.

The rules work on any stanza ``Document`` with heads, deprels, lemmas and
character offsets: the one a :class:`stanza.Pipeline` makes from raw text
(:mod:`quotes.engines.stanza_engine`) or one read from CoNLL-U
(:mod:`quotes.engines.conllu`), so they live apart from either. NER, where
the document has it, types the speaker (a small local model set has none).
Speakers then go through the same :func:`~quotes.extract.speakers.resolve_in_article`
as the rules engine's. The cue lemmas, quotation marks and pronouns come from
the engine's :mod:`quotes.lang` pack (``tree_say_lemmas``: the rules engine's
verbs of saying less those not yet checked on trees). Page cleaning happens
before, in the extract stage (:mod:`quotes.extract.clean`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from quotes.extract.speakers import make_speaker, resolve_in_article, split_name
from quotes.lang import LanguagePack, get
from quotes.model import DIRECT, INDIRECT, MIXED, ORGANISATION, PERSON, Attribution, Speaker

SPEAKER_CUTS = {"acl", "acl:relcl", "parataxis", "dep", "advcl", "reparandum", "discourse"}
NER_KINDS = {"PERSON": PERSON, "PER": PERSON, "ORG": ORGANISATION, "NORP": ORGANISATION,
             "GPE": ORGANISATION}


# ---------------------------------------------------------------- the rules

@dataclass
class TreeCue:
    """One cue on the tree with its speaker words and content span (offsets into the text)."""

    cue: object  # stanza Word
    cue_text: str
    cue_start: int
    cue_end: int
    speaker: Speaker | None
    content: tuple[int, int] | None
    told_to: str | None = None
    used: bool = False


def attribute(doc, pack: LanguagePack | None = None) -> list[Attribution]:
    """All quotes in one parsed document, speakers resolved within it, read with ``pack``
    (the engine's language pack; English when none is given)."""
    pack = pack or get("en")
    text = doc.text
    entities = _entities(doc)
    marks = _quotations(doc, text, pack)
    attributions = []
    for sentence in doc.sentences:
        tree = _Tree(sentence)
        for word in sentence.words:
            if any(open_ <= _start(word) < close for open_, close in marks):
                continue  # a cue inside a quotation is part of what was said
            found = _cue_attribution(tree, word, text, entities, pack) \
                or _according_to(tree, word, text, entities, pack)
            if found:
                attributions.append(found)
    quotes = _link_quotations(text, marks, attributions)
    for found in attributions:
        if found.used or found.content is None or found.speaker is None:
            continue
        start, end = found.content
        kind = MIXED if any(start <= o and c <= end for o, c in marks) else INDIRECT
        quotes.append(_quote(kind, text, start, end, found))
    quotes.sort(key=lambda q: q.start)
    resolve_in_article(quotes, pack=pack)
    return quotes


class _Tree:
    """One sentence's words, indexed by id, with their children."""

    def __init__(self, sentence):
        self.words = {word.id: word for word in sentence.words}
        self.children: dict[int, list] = defaultdict(list)
        for word in sentence.words:
            self.children[word.head].append(word)

    def child(self, word, *deprels):
        return next((c for c in self.children[word.id] if c.deprel in deprels), None)

    def subtree(self, word, cut: set[str] = frozenset()) -> set[int]:
        ids, stack = set(), [word]
        while stack:
            current = stack.pop()
            ids.add(current.id)
            stack.extend(c for c in self.children[current.id] if c.deprel not in cut)
        return ids


def _start(word) -> int:
    return word.start_char if word.start_char is not None else word.parent.start_char


def _end(word) -> int:
    return word.end_char if word.end_char is not None else word.parent.end_char


def _span(tree: _Tree, ids: set[int]) -> tuple[int, int] | None:
    """Character span of the words ``ids``, trimmed of punctuation and a leading ``that``."""
    ordered = [tree.words[i] for i in sorted(ids)]
    while ordered and (ordered[0].upos == "PUNCT" or ordered[0].deprel == "mark" and ordered[0].lemma == "that"
                       or ordered[0].deprel in ("cc", "mark") and len(ordered) > 1 and ordered[0].lemma in ("and", "but")):
        ordered.pop(0)
    while ordered and ordered[-1].upos == "PUNCT":
        ordered.pop()
    if not ordered:
        return None
    return _start(ordered[0]), _end(ordered[-1])


def _contiguous(ids: set[int], head: int) -> set[int]:
    """The run of consecutive ids around ``head``."""
    low = high = head
    while low - 1 in ids:
        low -= 1
    while high + 1 in ids:
        high += 1
    return set(range(low, high + 1))


def _cue_attribution(tree: _Tree, word, text: str, entities, pack: LanguagePack) -> TreeCue | None:
    if word.lemma not in pack.tree_say_lemmas or word.upos not in ("VERB", "AUX"):
        return None
    if any(c.deprel == "advmod" and c.lemma in ("not", "never") for c in tree.children[word.id]):
        return None  # what someone did not say is not a quote
    speaker_word = _speaker_word(tree, word)
    if speaker_word is None:
        return None
    content = None
    for deprel in ("ccomp", "parataxis"):
        clause = next((c for c in tree.children[word.id] if c.deprel == deprel and c.upos != "PUNCT"), None)
        if clause is not None:
            content = _span(tree, tree.subtree(clause))
            break
    aside = word.deprel == "parataxis" or word.deprel == "advcl" and tree.child(word, "mark") is not None \
        and tree.child(word, "mark").lemma == "as"  # The plan, he said, ... / As the report notes, ...
    colon = tree.words.get(word.id + 1) is not None and tree.words[word.id + 1].text == ":"
    if content is None and aside and word.head and not colon:  # "as X reports:" announces what follows
        head = tree.words[word.head]
        ids = tree.subtree(head) - tree.subtree(word)
        content = _span(tree, ids)
    if content is not None and len(text[content[0]:content[1]].split()) < 2:
        content = None
    told = None
    if word.lemma in pack.tree_hearer_lemmas:
        hearer = tree.child(word, "obj", "iobj")
        if hearer is not None:
            told = text[slice(*_span(tree, _contiguous(tree.subtree(hearer, SPEAKER_CUTS), hearer.id)))]
    return TreeCue(word, text[_start(word):_end(word)], _start(word), _end(word),
                   _speaker(tree, speaker_word, text, entities, pack), content, told)


def _speaker_word(tree: _Tree, cue):
    """The cue's subject: its own ``nsubj``, a passive's ``by`` agent, the subject it
    shares with the verb it is coordinated with or hangs on as a participle
    (*criticized Bush, saying ...*), or the noun a relative clause hangs on."""
    current = cue
    for _ in range(4):
        subject = tree.child(current, "nsubj", "nsubj:outer")
        if subject is not None:
            if subject.lemma in ("who", "that", "which") and current.deprel.startswith("acl") and current.head:
                return tree.words[current.head]
            return subject
        agent = next((c for c in tree.children[current.id] if c.deprel == "obl:agent"
                      or c.deprel == "obl" and tree.child(c, "case") is not None
                      and tree.child(c, "case").lemma == "by" and current.id == cue.id
                      and tree.child(current, "aux:pass") is not None), None)
        if agent is not None:
            return agent
        participle = current.deprel == "advcl" and (current.xpos == "VBG" or "VerbForm=Ger" in (current.feats or "")) and tree.child(current, "mark") is None
        if (current.deprel in ("conj", "xcomp") or participle) and current.head:  # ..., saying X
            current = tree.words[current.head]
            continue
        return None
    return None


def _speaker(tree: _Tree, head, text: str, entities, pack: LanguagePack) -> Speaker | None:
    ids = tree.subtree(head, SPEAKER_CUTS)
    for case in (c for c in tree.children[head.id] if c.deprel == "case"):  # "according to", "by"
        ids -= tree.subtree(case)
    span = _span(tree, _contiguous(ids, head.id))
    if span is None:
        return None
    speaker = make_speaker(text[span[0]:span[1]], *span, pack)
    if head.upos == "PROPN" and speaker.kind == PERSON:
        # the name is the head with its flat/compound words, not whatever capitals trail the mention
        name_ids = {head.id} | {c.id for c in tree.children[head.id]
                                if c.deprel in ("flat", "flat:name", "compound") and c.upos == "PROPN"}
        name_span = _span(tree, _contiguous(name_ids, head.id))
        name, _ = split_name(text[name_span[0]:name_span[1]], pack)
        if name and name != speaker.name:
            speaker.name = name
            rest = " ".join(speaker.mention.replace(name, " ").split()).strip(" ,")
            speaker.role = re.sub(r"^(?:the|a|an)\s+", "", rest, flags=re.I) or None
    entity = entities.get(_start(head))
    if entity is not None and speaker.mention.lower() not in pack.subject_pronouns:
        kind = NER_KINDS.get(entity.type)
        if kind and kind != speaker.kind:
            speaker.kind = kind
            speaker.description = None
            if kind == PERSON:
                speaker.name, speaker.role = entity.text.removesuffix("'s").removesuffix("\u2019s"), None
            else:
                speaker.name = entity.text
    return speaker


def _according_to(tree: _Tree, word, text: str, entities, pack: LanguagePack) -> TreeCue | None:
    """``according to X``: X is an ``obl`` whose ``case`` is *according*."""
    case = next((c for c in tree.children[word.id] if c.deprel == "case" and c.lemma.lower() == "accord"
                 or c.deprel == "case" and c.text.lower() == "according"), None)
    if case is None or not word.head:
        return None
    speaker = _speaker(tree, word, text, entities, pack)
    clause = tree.words[word.head]
    content = _span(tree, tree.subtree(clause) - tree.subtree(word))
    if speaker is None or content is None or len(text[content[0]:content[1]].split()) < 3:
        return None
    end = _end(tree.child(case, "fixed") or case)
    return TreeCue(case, text[_start(case):end], _start(case), end, speaker, content)


def _entities(doc) -> dict[int, object]:
    """NER entities by the offset of each of their words (empty for gold CoNLL-U)."""
    found = {}
    for entity in getattr(doc, "ents", None) or []:
        for token in entity.tokens:
            for word in token.words:
                found[_start(word)] = entity
    return found


# ---------------------------------------------------------------- quotation marks

def _quotations(doc, text: str, pack: LanguagePack) -> list[tuple[int, int]]:
    """``(open, close)`` offsets of paired quotation-mark tokens over the whole document.

    As in news style, a quotation left open at a paragraph's end goes on when
    the next paragraph opens with a quotation mark.
    """
    opening = pack.double_quote_pairs
    pairs = []
    pending = None  # (offset, closer)
    last_paragraph = None
    for sentence in doc.sentences:
        for token in sentence.tokens:
            mark = token.text
            if mark not in opening and mark not in opening.values() or token.words[0].upos not in ("PUNCT", "SYM", "X"):
                continue
            paragraph = text.count("\n", 0, token.start_char)
            if pending is not None and paragraph != last_paragraph:
                if mark in opening and pending[1] != mark:
                    last_paragraph = paragraph
                    continue  # continuation mark of a quotation going on
                if mark in opening and mark == pending[1] and _line_start(text, token.start_char):
                    last_paragraph = paragraph
                    continue
                pending = None
            if pending is not None and (mark == pending[1] or _misturned_closer(text, token, opening)):
                pairs.append((pending[0], token.start_char))
                pending = None
            elif pending is None and mark in opening:
                pending = (token.start_char, opening[mark])
            last_paragraph = paragraph
    return pairs


def _misturned_closer(text: str, token, opening) -> bool:
    """An opening mark used to close (``... decision.“``): after clause punctuation, before a break."""
    before = text[token.start_char - 1:token.start_char]
    after = text[token.end_char:token.end_char + 1]
    return token.text in opening and before in (".", ",", "!", "?") and after in ("", "\n", " ")


def _line_start(text: str, offset: int) -> bool:
    line = text.rfind("\n", 0, offset) + 1
    return not text[line:offset].strip()


def _link_quotations(text: str, marks, attributions: list[TreeCue]) -> list[Attribution]:
    """Direct and mixed quotes: each quotation with the cue whose content it overlaps."""
    quotes: list[Attribution] = []
    previous: Attribution | None = None
    for open_, close in marks:
        start, end = _strip(text, open_ + 1, close)
        if len(text[start:end].split()) < 2:
            continue
        found = _best_overlap(start, end, attributions)
        if found is None:
            found = _cue_beside(text, open_, close, attributions)
        if found is not None and found.speaker is not None:
            found.used = True
            c_start, c_end = found.content or (start, end)
            outside = text[c_start:max(c_start, open_)] + " " + text[min(c_end, close + 1):c_end]
            if len(outside.split()) > 3 and not (open_ <= c_start and c_end <= close + 1):
                previous = _quote(MIXED, text, min(c_start, start), max(c_end, end), found)
            else:
                previous = _quote(DIRECT, text, start, end, found)
            quotes.append(previous)
        elif previous is not None and _continues(text, previous, open_):
            quote = Attribution(DIRECT, start, end, text[start:end], cue=previous.cue,
                          cue_start=previous.cue_start, cue_end=previous.cue_end, speaker=previous.speaker)
            quotes.append(quote)
            previous = quote
    return quotes


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",\u2014"):
        end -= 1
    return start, end


def _best_overlap(start: int, end: int, attributions: list[TreeCue]) -> TreeCue | None:
    best, best_overlap = None, 0
    for found in attributions:
        if found.content is None or found.used or start <= found.cue_start < end:
            continue
        overlap = min(end, found.content[1]) - max(start, found.content[0])
        if overlap > best_overlap:
            best, best_overlap = found, overlap
    return best


def _cue_beside(text: str, open_: int, close: int, attributions: list[TreeCue]) -> TreeCue | None:
    """A cue with no content of its own right after the closing mark or right before the opening one."""
    for found in attributions:
        if found.used or found.content is not None:
            continue
        after = text[close + 1:found.cue_start]
        before = text[found.cue_end:open_]
        if 0 <= found.cue_start - close < 60 and "\n" not in after and not any(c in after for c in ".!?"):
            return found
        if 0 <= open_ - found.cue_end < 40 and "\n" not in before and before.strip() in (":", ",", ""):
            return found
    return None


def _continues(text: str, previous: Attribution, open_: int) -> bool:
    """A quotation with no cue right after a quote (same or next paragraph) goes on with it."""
    gap = text[previous.end:open_]
    return gap.count("\n") <= 1 and len(gap) < 200 and text[open_ + 1:open_ + 2].isupper()


def _quote(kind: str, text: str, start: int, end: int, found: TreeCue) -> Attribution:
    return Attribution(kind, start, end, text[start:end], cue=found.cue_text, cue_start=found.cue_start,
                 cue_end=found.cue_end, speaker=found.speaker, told_to=found.told_to)
