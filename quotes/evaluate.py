"""Score an engine against PolNeAR's hand-annotated attributions.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every attribution in
political news as Source / Cue / Content spans in brat standoff files. This
module reads them, runs an engine over the texts and counts what it found.

Choices the scores rest on (the README repeats them):

* **One annotator per article.** Some articles were annotated by several
  people (``<article>_<annotator>.ann``); the file whose annotator code sorts
  first is the gold standard, so every article counts once.
* **Quotes sharing one cue** (``"A," he said, "B."``, or a quotation that
  continues the one before) are joined into one predicted attribution with
  several spans, as PolNeAR annotates them.
* **A match** is a predicted quote whose content span covers at least half of
  the gold content's characters; each prediction matches at most one gold
  attribution (the one it covers best, gold taken in text order). Recall is
  matched gold over all gold. **Precision** counts a prediction as right when
  it matched, or when at least half of its own characters lie inside one gold
  content (a piece of a quote the annotator joined into one span, such as
  ``"A," he said, "B"``).
* **Direct** gold: content enclosed in quotation marks (every fragment of it
  opens and closes with a mark, the marks either inside the span or right
  next to it). A prediction is direct when the engine says ``direct``.
* **Direct or mixed** gold: direct, or its content holds a double quotation
  mark (a partial quote inside reported speech). A prediction is direct or
  mixed when the engine says so.
* **One-to-one precision** counts only the predictions matched to a gold
  attribution (each to at most one), so a quote cut into pieces counts once;
  the lenient **precision** beside it also accepts the pieces.
* **Verb of saying** gold: a word of the cue is one of :data:`SAY_FORMS` (or
  the cue is ``according to``). The list is fixed here, not read from an
  engine or the language pack, so that adding a cue verb to an engine moves
  its scores and not the yardstick. It holds the forms of the 83 verbs the
  rules engine had when the list was fixed.
* **By statement** (the extra lines): the records of one article that share
  a cue and a speaker count as one, in the gold (same cue and source spans)
  and in the predictions (same ``cue_start``, ``cue_end`` and speaker name),
  as the export documents a statement. Its one-to-one precision is also
  given with each predicted piece counted alone (not joined at all).
* **Source accuracy**, over matched gold attributions that have a source: the
  predicted speaker mention overlaps the gold source span, or the name it was
  resolved to ends with a word of the gold source (``he`` resolved to ``Sean
  Ryan`` is right when the gold source reads ``Ryan``).
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from quotes.model import DIRECT, MIXED, Attribution

# Quotation marks of the "direct" test, fixed here for the same reason as SAY_FORMS.
OPEN_MARKS = "\"\u201c\u201e\u00ab'\u2018"
CLOSE_MARKS = "\"\u201d\u00bb'\u2019"
_TRAILING = " \t\n.,;:!?\u2014-"
# Marks that make a content at least partly quoted: apostrophes ("doesn't") are not among them.
DOUBLE_MARKS = "\"\u201c\u201d\u201e\u00ab\u00bb"
# The evaluation's own definition of a verb of saying: every form, written out, fixed.
SAY_FORMS = frozenset("""
say says said saying tell tells told telling add adds added adding write writes wrote written
writing ask asks asked asking note notes noted noting report reports reported reporting
announce announces announced announcing suggest suggests suggested suggesting argue argues
argued arguing tweet tweets tweeted tweeting explain explains explained explaining acknowledge
acknowledges acknowledged acknowledging claim claims claimed claiming warn warns warned warning
urge urges urged urging insist insists insisted insisting reply replies replied replying
respond responds responded responding recall recalls recalled recalling conclude concludes
concluded concluding state states stated stating stress stresses stressed stressing admit
admits admitted admitting deny denies denied confirm confirms confirmed confirming reveal
reveals revealed revealing predict predicts predicted predicting estimate estimates estimated
estimating concede concedes conceded conceding assert asserts asserted asserting reiterate
reiterates reiterated reiterating complain complains complained complaining joke jokes joked
joking promise promises promised promising vow vows vowed vowing pledge pledges pledged
pledging caution cautions cautioned cautioning allege alleges alleged alleging contend contends
contended contending maintain maintains maintained maintaining remark remarks remarked
remarking observe observes observed observing shout shouts shouted shouting scream screams
screamed screaming yell yells yelled yelling whisper whispers whispered whispering cry cries
cried boast boasts boasted boasting emphasise emphasises emphasised emphasising emphasize
emphasizes emphasized emphasizing quip quips quipped counter counters countered countering
testify testifies testified testifying email emails emailed emailing posted posts answer
answers answered answering mention mentions mentioned mentioning indicate indicates indicated
indicating agree agrees agreed retort retorts retorted retorting lament laments lamented
lamenting recount recounts recounted recounting repeat repeats repeated repeating comment
comments commented commenting continued snap snaps snapped muse muses mused musing concur
concurs charged demand demands demanded demanding threaten threatens threatened threatening
advise advises advised advising inform informs informed informing assure assures assured
assuring hint hints hinted hinting speculate speculates speculated speculating opine opines
opined opining exclaim exclaims exclaimed exclaiming plead pleads pleaded pled pleading protest
protests protested protesting signaled signalled brag brags bragged
""".split())


@dataclass
class Gold:
    """One annotated attribution: character spans of its content, cue and source."""

    content: list[tuple[int, int]]
    cue: list[tuple[int, int]]
    source: list[tuple[int, int]]
    direct: bool = False
    saying: bool = False
    quoted: bool = False  # direct, or a partial quote inside it (mixed)

    @property
    def size(self) -> int:
        return sum(end - start for start, end in self.content)


@dataclass
class Document:
    name: str
    annotator: str
    text: str
    gold: list[Gold]


@dataclass
class Tally:
    """Counts for one slice of the attributions (all, verb of saying, direct)."""

    gold: int = 0
    found: int = 0
    predicted: int = 0
    correct: int = 0
    matched: int = 0  # predictions matched one-to-one to a gold attribution
    sourced: int = 0
    right_source: int = 0

    def row(self, label: str) -> str:
        return (f"{label:<16} recall {ratio(self.found, self.gold)} ({self.found}/{self.gold})  "
                f"precision {ratio(self.correct, self.predicted)} ({self.correct}/{self.predicted})  "
                f"one-to-one {ratio(self.matched, self.predicted)} ({self.matched}/{self.predicted})  "
                f"source accuracy {ratio(self.right_source, self.sourced)} "
                f"({self.right_source}/{self.sourced})")


@dataclass
class Report:
    documents: int = 0
    seconds: float = 0.0
    tallies: dict[str, Tally] = field(default_factory=lambda: {
        "all": Tally(), "verb of saying": Tally(), "direct": Tally(), "direct or mixed": Tally()})
    errors: dict[str, list[str]] = field(default_factory=dict)
    by_statement: Report | None = None  # statements joined by cue and speaker
    pieces: Report | None = None  # the same gold, each predicted piece alone

    def lines(self) -> list[str]:
        lines = [tally.row(label) for label, tally in self.tallies.items()]
        if self.by_statement is not None:
            lines.append(self.by_statement.statement_line(self.pieces))
        return lines

    def statement_line(self, pieces: Report | None) -> str:
        """The by-statement figures the issue tracks, on one line."""
        saying, quoted = self.tallies["verb of saying"], self.tallies["direct or mixed"]
        direct, every = self.tallies["direct"], self.tallies["all"]
        line = (f"by statement     verb of saying recall {ratio(saying.found, saying.gold)} "
                f"({saying.found}/{saying.gold}) source {ratio(saying.right_source, saying.sourced)}  "
                f"direct or mixed {ratio(quoted.found, quoted.gold)}  "
                f"direct {ratio(direct.found, direct.gold)}  "
                f"one-to-one {ratio(every.matched, every.predicted)} ({every.matched}/{every.predicted})")
        if pieces is not None:
            alone = pieces.tallies["all"]
            line += f", pieces alone {ratio(alone.matched, alone.predicted)} ({alone.matched}/{alone.predicted})"
        return line


def ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "  n/a"


def read_ann(path: Path) -> list[tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]]:
    """``(content, cue, source)`` span lists for every ``E`` line of one brat file."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _label, _, offsets = fields[1].partition(" ")
            spans[fields[0]] = [tuple(map(int, part.split())) for part in offsets.split(";")]
        elif line.startswith("E") and len(fields) >= 2:
            events.append(fields[1].split())
    found = []
    for roles in events:
        parts: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
        for role in roles:
            name, _, ref = role.partition(":")
            name = re.sub(r"\d+$", "", name)
            if name in parts:
                parts[name].extend(spans.get(ref, []))
        if parts["Content"]:
            found.append((sorted(parts["Content"]), sorted(parts["Cue"]), sorted(parts["Source"])))
    return found


def read_polnear(folder: str | Path) -> Iterator[Document]:
    """The documents of one PolNeAR split (``text/`` and ``attributions/``), gold marked up."""
    folder = Path(folder)
    texts, notes = folder / "text", folder / "attributions"
    if not texts.is_dir() or not notes.is_dir():
        raise FileNotFoundError(f"{folder} must hold text/ and attributions/ folders")
    for text_path in sorted(texts.glob("*.txt")):
        candidates = sorted(notes.glob(f"{text_path.stem}_*.ann"))
        if not candidates:
            continue
        chosen = candidates[0]
        text = text_path.read_text(encoding="utf-8")
        gold = []
        for content, cue, source in read_ann(chosen):
            direct = is_direct(text, content)
            gold.append(Gold(content, cue, source, direct=direct, saying=is_saying(text, cue),
                             quoted=direct or has_quotation(text, content)))
        yield Document(text_path.stem, chosen.stem.rsplit("_", 1)[1], text, gold)


def is_direct(text: str, content: list[tuple[int, int]]) -> bool:
    """Every fragment opens and closes with a quotation mark (inside the span or next to it)."""
    for start, end in content:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in _TRAILING:
            end -= 1
        if end <= start:
            return False
        opens = text[start] in OPEN_MARKS or text[:start].rstrip()[-1:] in tuple(OPEN_MARKS)
        after = text[end:end + 3].lstrip(" .,;:!?")
        closes = text[end - 1] in CLOSE_MARKS or after[:1] in tuple(CLOSE_MARKS)
        if not (opens and closes):
            return False
    return True


def has_quotation(text: str, content: list[tuple[int, int]]) -> bool:
    """A double quotation mark inside the content: a partial quote in reported speech."""
    return any(c in DOUBLE_MARKS for start, end in content for c in text[start:end])


def is_saying(text: str, cue: list[tuple[int, int]]) -> bool:
    words = " ".join(text[s:e] for s, e in cue).lower()
    if "according to" in words:
        return True
    return any(word in SAY_FORMS for word in re.findall(r"[a-z]+", words))


def _shared(spans: list[tuple[int, int]], others: list[tuple[int, int]]) -> int:
    """Characters that two lists of spans have in common."""
    return sum(max(0, min(end, e) - max(start, s)) for start, end in spans for s, e in others)


def coverage(quote: Attribution, gold: Gold) -> float:
    spans = quote.extra.get("spans", [(quote.start, quote.end)])
    return _shared(gold.content, spans) / gold.size if gold.size else 0.0


def _join_by_cue(predicted: list[Attribution]) -> list[Attribution]:
    """Quotes sharing one cue (``"A," he said, "B."``) are one attribution, as PolNeAR annotates it."""
    joined: list[Attribution] = []
    by_cue: dict[int, Attribution] = {}
    for quote in sorted(predicted, key=lambda q: q.start):
        first = by_cue.get(quote.cue_start) if quote.cue_start is not None else None
        if first is None:
            quote = Attribution(**{**quote.__dict__, "extra": {"spans": [(quote.start, quote.end)]}})
            joined.append(quote)
            if quote.cue_start is not None:
                by_cue[quote.cue_start] = quote
        else:
            first.extra["spans"].append((quote.start, quote.end))
    return joined


def _join_by_statement(predicted: list[Attribution]) -> list[Attribution]:
    """Quotes sharing cue and speaker are one statement, as the export's ``statement_id`` joins them."""
    joined: list[Attribution] = []
    by_key: dict[tuple, Attribution] = {}
    for quote in sorted(predicted, key=lambda q: q.start):
        speaker = quote.speaker
        who = (speaker.display_name or "").lower() if speaker else None
        key = (quote.cue_start, quote.cue_end, who)
        first = by_key.get(key) if quote.cue_start is not None else None
        if first is None:
            quote = Attribution(**{**quote.__dict__, "extra": {"spans": [(quote.start, quote.end)]}})
            joined.append(quote)
            if quote.cue_start is not None:
                by_key[key] = quote
        else:
            first.extra["spans"].append((quote.start, quote.end))
    return joined


def _alone(predicted: list[Attribution]) -> list[Attribution]:
    """Every predicted piece on its own."""
    return [Attribution(**{**quote.__dict__, "extra": {"spans": [(quote.start, quote.end)]}})
            for quote in sorted(predicted, key=lambda q: q.start)]


def right_source(text: str, quote: Attribution, gold: Gold) -> bool:
    speaker = quote.speaker
    if speaker is None:
        return False
    if any(speaker.start < end and start < speaker.end for start, end in gold.source):
        return True
    name = speaker.name or speaker.description
    if not name:
        return False
    words = {w.lower() for s, e in gold.source for w in re.findall(r"[\w'’-]+", text[s:e])}
    return name.split()[-1].lower() in words


def evaluate(folder: str | Path, extract: Callable[[str], list[Attribution]],
             errors: bool = False) -> Report:
    """Run ``extract`` over every document in ``folder`` and tally it against the gold."""
    report = Report(by_statement=Report(), pieces=Report())
    for document in read_polnear(folder):
        report.documents += 1
        began = time.perf_counter()
        predicted = extract(document.text)
        report.seconds += time.perf_counter() - began
        score_document(document, predicted, report, errors)
        statements = join_gold_statements(document)
        score_document(statements, predicted, report.by_statement, False, join=_join_by_statement)
        score_document(statements, predicted, report.pieces, False, join=_alone)
    return report


def join_gold_statements(document: Document) -> Document:
    """The document with gold records sharing cue and source spans joined into one statement."""
    joined: dict[tuple, Gold] = {}
    alone: list[Gold] = []
    for gold in document.gold:
        if not gold.cue:
            alone.append(gold)
            continue
        key = (tuple(gold.cue), tuple(gold.source))
        first = joined.get(key)
        if first is None:
            joined[key] = Gold(list(gold.content), gold.cue, gold.source, gold.direct, gold.saying, gold.quoted)
        else:
            first.content = sorted(first.content + gold.content)
            first.direct = first.direct and gold.direct
            first.saying = first.saying or gold.saying
            first.quoted = first.quoted or gold.quoted
    return Document(document.name, document.annotator, document.text, list(joined.values()) + alone)


def score_document(document: Document, predicted: list[Attribution], report: Report, errors: bool,
                   join: Callable[[list[Attribution]], list[Attribution]] | None = None) -> None:
    text = document.text
    predicted = (join or _join_by_cue)(predicted)
    used: dict[int, Gold] = {}
    problems: list[str] = []
    for gold in sorted(document.gold, key=lambda g: g.content[0]):
        best, best_cover = None, 0.5
        for index, quote in enumerate(predicted):
            if index in used:
                continue
            cover = coverage(quote, gold)
            if cover >= best_cover:
                best, best_cover = index, cover
        slices = ["all"] + (["verb of saying"] if gold.saying else []) + (["direct"] if gold.direct else []) \
            + (["direct or mixed"] if gold.quoted else [])
        sourced = bool(gold.source)
        correct = best is not None and sourced and right_source(text, predicted[best], gold)
        for label in slices:
            tally = report.tallies[label]
            tally.gold += 1
            if best is not None:
                tally.found += 1
                if sourced:
                    tally.sourced += 1
                    tally.right_source += correct
        if best is not None:
            used[best] = gold
            if sourced and not correct and errors:
                problems.append(f"  wrong source: {_show(text, predicted[best])}  gold source "
                                f"{_spans(text, gold.source)!r}")
        elif errors:
            kind = "direct" if gold.direct else ("saying" if gold.saying else "other")
            problems.append(f"  missed {kind}: {_spans(text, gold.content, 90)!r}  cue "
                            f"{_spans(text, gold.cue)!r}  source {_spans(text, gold.source)!r}")
    for index, quote in enumerate(predicted):
        labels = ["all"] + (["verb of saying"] if _says(quote) else []) + \
            (["direct"] if quote.kind == DIRECT else []) + \
            (["direct or mixed"] if quote.kind in (DIRECT, MIXED) else [])
        good = index in used or _inside_gold(quote, document.gold)
        for label in labels:
            report.tallies[label].predicted += 1
            report.tallies[label].correct += good
            report.tallies[label].matched += index in used
        if not good and errors:
            problems.append(f"  spurious: {_show(text, quote)}")
    if problems:
        report.errors[f"{document.name} (annotator {document.annotator})"] = problems


def _says(quote: Attribution) -> bool:
    cue = (quote.cue or "").lower()
    return cue == "according to" or any(word in SAY_FORMS for word in cue.split())


def _inside_gold(quote: Attribution, gold: list[Gold]) -> bool:
    """A piece of one gold content (annotated as one span) is not spurious."""
    spans = quote.extra["spans"]
    size = sum(e - s for s, e in spans)
    return size > 0 and any(_shared(g.content, spans) * 2 >= size for g in gold)


def _spans(text: str, spans: list[tuple[int, int]], limit: int = 60) -> str:
    joined = " … ".join(text[s:e] for s, e in spans)
    return joined if len(joined) <= limit else joined[:limit] + "…"


def _show(text: str, quote: Attribution) -> str:
    content = quote.text if len(quote.text) <= 90 else quote.text[:90] + "…"
    speaker = quote.speaker
    who = f"{speaker.mention!r} → {speaker.display_name!r}" if speaker else "no speaker"
    return f"[{quote.kind}] {content!r}  cue {quote.cue!r}  speaker {who}"
