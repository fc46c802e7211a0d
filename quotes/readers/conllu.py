"""Read pre-parsed CoNLL-U through stanza's own reader, one article per document.

Users who parse elsewhere (stanza on a GPU machine, UDPipe, any UD parser)
hand us CoNLL-U; we attribute on their trees. A file is cut into documents
at its ``# newdoc`` comments (a file with none is one document), each read
by :meth:`stanza.utils.conll.CoNLL.conll2doc` with ``reconstruct_text``,
which lays the tokens over the ``# text`` comments (or, failing that, joins
them by their ``SpaceAfter`` marks) and sets every word's character offsets.
The sentence gap before a ``# newpar`` becomes a line break of the same
length, so the rebuilt text keeps its paragraphs and the offsets stay true.
"""
from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from quotes.model import Article
from quotes.readers.inputs import Problem

CONLLU_SUFFIXES = (".conllu", ".conll")


@dataclass
class ParsedArticle:
    """An article whose text was rebuilt from CoNLL-U, with its stanza ``Document``."""

    article: Article
    doc: object  # stanza.models.common.doc.Document


def read_conllu(paths: Iterable[str | Path]) -> Iterator[ParsedArticle | Problem]:
    """Every document in the given files (and ``.conllu`` files in given folders)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in CONLLU_SUFFIXES)
            if not files:
                yield Problem(str(path), "no .conllu files in this folder")
            for file in files:
                yield from _read_file(file)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield Problem(str(path), "no such file or folder")


def _read_file(path: Path) -> Iterator[ParsedArticle | Problem]:
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        yield Problem(str(path), "not UTF-8 text")
        return
    except OSError as error:
        yield Problem(str(path), f"cannot read ({error.__class__.__name__})")
        return
    chunks = list(split_documents(raw))
    if not chunks:
        yield Problem(str(path), "no sentences in this CoNLL-U file")
    for doc_id, title, chunk in chunks:
        source = f"{path.name}#{doc_id}" if doc_id else path.name
        try:
            doc = parse_document(chunk)
        except ValueError as error:  # stanza's CoNLLError is a ValueError
            cause = error.__cause__ or error
            where = f"{path}#{doc_id}" if doc_id else str(path)
            yield Problem(where, f"not valid CoNLL-U ({str(cause).splitlines()[0]})")
            continue
        if not doc.sentences:
            continue
        yield ParsedArticle(Article(source=source, text=doc.text, title=title), doc)


def split_documents(raw: str) -> Iterator[tuple[str | None, str | None, str]]:
    """``(doc id, title, CoNLL-U text)`` per ``# newdoc``; a file without one is one document."""
    doc_id = title = None
    blocks: list[str] = []
    for block in re.split(r"\n[ \t]*\n", raw):
        comments = [line.strip() for line in block.splitlines() if line.lstrip().startswith("#")]
        if any(c.startswith("# newdoc") for c in comments):
            if blocks:
                yield doc_id, title, "\n\n".join(blocks) + "\n\n"
            blocks, doc_id, title = [], None, None
            for comment in comments:
                key, _, value = comment.lstrip("# ").partition("=")
                if key.strip() == "newdoc id":
                    doc_id = value.strip() or None
        for comment in comments:
            key, _, value = comment.lstrip("# ").partition("=")
            if key.strip() in ("meta::title", "title") and value.strip():
                title = value.strip()
        if any(line.strip() and not line.lstrip().startswith("#") for line in block.splitlines()):
            blocks.append(block.strip("\n"))
    if blocks:
        yield doc_id, title, "\n\n".join(blocks) + "\n\n"


def parse_document(conllu: str):
    """One stanza ``Document`` with offsets into its rebuilt text (paragraphs as line breaks)."""
    from stanza.utils.conll import CoNLL

    with warnings.catch_warnings():
        # stanza warns when a `# text` comment and SpaceAfter disagree; the text wins, as it should
        warnings.simplefilter("ignore")
        doc = CoNLL.conll2doc(input_str=conllu, reconstruct_text=True)
    if doc.text:
        chars = list(doc.text)
        for sentence in doc.sentences[1:]:
            start = sentence.tokens[0].start_char
            if _starts_paragraph(sentence.comments) and start and chars[start - 1] == " ":
                chars[start - 1] = "\n"
        doc.text = "".join(chars)
    return doc


def _starts_paragraph(comments: list[str]) -> bool:
    for comment in comments:
        key = comment.lstrip("#").strip().split("=")[0].strip()
        if key in ("newpar", "newpar id", "newdoc", "newdoc id"):
            return True
    return False
