"""The commit stage's heavy work as Spark jobs: the store's tables as Parquet, for a bulk load.

Why: the local commit stage is one writer, about 20 ms an article (identity and
statement look-ups in SQLite, article by article), so it caps a run at some
170,000 articles an hour however big the cluster. Here the cluster works out, for
a whole new database at once, what that writer would store: every article's id,
each speaker's row (name keys grouped across articles, the best spelling as its
name), each quote's speaker and statement, each statement's figures; then
:mod:`quotes.run.bulk` loads the Parquet tables into SQLite in a few bulk inserts.

What it decides the simple way (docs/spark.md says so, and a test bounds it):

- a speaker across articles is one **name key** (:mod:`quotes.extract.names`:
  spelling, case, accents, titles and middle names folded), with no fuzzy match
  (``Mustefa``/``Mustafa``) and no short form absorbed into its spelling-out;
  an organisation that the local run makes article-scoped only when nobody else
  named it is article-scoped here always;
- a statement across articles is one **exact wording** (the quote's normalised
  words, :func:`quotes.extract.wording.normalise`), with no near copy or fragment
  joined to it; a quote under six words joins only the same words from the same
  named speaker, as locally; two speakers with the same words make one statement
  here, not two linked ones.

Everything inside an article (the quotes, their speakers' mentions, who each
mention is) is the extract stage's and so exactly the local run's.

The executors import this module: the extract side only, never the store.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator

from quotes.extract import names
from quotes.model import ANONYMOUS, ORGANISATION, PERSON, Extracted
from quotes.run.spark import _escape as escape, output_exists

# A quote under this many words joins only the same words from the same named speaker
# (the commit stage's NEAR_MIN_WORDS, quotes.commit.statements).
SHORT_QUOTE = 6

# The tables written, with their columns in order: the store's own, as the loader inserts them.
TABLES = {
    "outlets": ("id", "name", "quote_count"),
    "articles": ("id", "source", "outlet_id", "title", "url", "published", "published_raw", "text",
                 "content_hash", "engine", "ingested_at"),
    "speakers": ("id", "name", "kind", "key", "quote_count", "block", "skeleton", "scope_article_id"),
    "speaker_aliases": ("speaker_id", "alias", "key", "article_id"),
    "speaker_roles": ("speaker_id", "role", "article_id"),
    "speaker_lookup": ("key", "written"),
    "clusters": ("id", "canonical_text", "key", "speaker_id", "article_count", "outlet_count",
                 "first_article_id", "told_to"),
    "cluster_variants": ("cluster_id", "key"),
    "cluster_shingles": ("hash", "cluster_id"),
    "cluster_outlets": ("cluster_id", "outlet_id"),
    "quotes": ("id", "article_id", "kind", "text", "start", "end", "cue", "cue_start", "cue_end",
               "speaker_id", "speaker_mention", "speaker_start", "speaker_end", "role", "told_to",
               "cluster_id", "statement_id"),
}
# Each table is written in the order of its primary key (or, for the tables numbered on
# insert, its article's), so that SQLite appends to its B-trees rather than inserting at random.
ORDER = {"outlets": ("id",), "articles": ("id",), "speakers": ("id",),
         "speaker_aliases": ("article_id", "speaker_id", "alias"),
         "speaker_roles": ("article_id", "speaker_id", "role"), "speaker_lookup": ("key", "written"),
         "clusters": ("id",), "cluster_variants": ("cluster_id", "key"),
         "cluster_shingles": ("hash", "cluster_id"), "cluster_outlets": ("cluster_id", "outlet_id"),
         "quotes": ("id",)}
INTEGERS = {"id", "outlet_id", "quote_count", "scope_article_id", "speaker_id", "article_id",
            "article_count", "outlet_count", "first_article_id", "cluster_id", "statement_id", "hash", "start",
            "end", "cue_start", "cue_end", "speaker_start", "speaker_end"}


# ---------------------------------------------------------------- one article (on the executors)


def identities(extracted: Extracted) -> list[tuple]:
    """Each referent's identity beyond its article: ``(kind, key)`` for a name known across
    articles, ``("article", local)`` for one known inside it only."""
    found: list[tuple] = []
    for referent in extracted.referents:
        if referent.same_as:
            found.append(found[max(referent.same_as)])
        elif referent.scoped or referent.scoped_if_new or referent.kind not in (PERSON, ORGANISATION):
            found.append(("article", referent.local))
        elif referent.kind == PERSON:
            found.append((PERSON, names.PersonName.from_parts(referent.person).key))
        else:
            found.append((ORGANISATION, referent.key))
    return found


def facts(order: int, extracted: Extracted) -> Iterator[tuple]:
    """What one article (the ``order``-th of the run, its id) adds to each table, as
    ``(kind, ...)`` records that the jobs group across articles.

    ``speaker``: ``(identity, (first seen), row fields, offered names, aliases written)``;
    ``alias`` / ``role``: per speaker and article once; ``quote``: the row, its speaker's
    identity, its statement's key and the position of its first piece.
    """
    article = extracted.article
    yield ("article", order, article.outlet, (
        article.source, article.title, article.url, article.published, article.published_raw,
        article.text, article.content_hash, extracted.engine))
    found = identities(extracted)
    speaker_of = {}
    recorded = set()
    for position, (referent, identity) in enumerate(zip(extracted.referents, found)):
        if identity[0] == "article":
            identity = ("article", f"{order}:{identity[1]}")
        speaker_of[referent.quote] = identity
        yield ("speaker", identity, (order, position), _speaker_fields(referent, order),
               sorted(names.offered(referent)))
        alias = referent.alias and names.visible(referent.alias)
        if alias and (identity, alias) not in recorded:
            recorded.add((identity, alias))
            yield ("alias", identity, alias, referent.alias_key, order)
        role = extracted.attributions[referent.quote].speaker.role \
            if extracted.attributions[referent.quote].speaker else None
        if role and (identity, "role", role) not in recorded:
            recorded.add((identity, "role", role))
            yield ("role", identity, role, order)
    first_pieces = _first_pieces(extracted.attributions, speaker_of)
    for position, quote in enumerate(extracted.attributions):
        words = extracted.words[position] if extracted.words else []
        identity = speaker_of.get(position)
        key = " ".join(words)
        statement = None
        if words:
            named = identity and identity[0] in (PERSON, ORGANISATION)
            statement = (key, identity if len(words) < SHORT_QUOTE and named else None,
                         None if len(words) >= SHORT_QUOTE or named else f"{order}:{position}")
        speaker = quote.speaker
        yield ("quote", (order, position), identity, statement, (
            quote.kind, quote.text, quote.start, quote.end, quote.cue, quote.cue_start, quote.cue_end,
            speaker.mention if speaker else None, speaker.start if speaker else None,
            speaker.end if speaker else None, speaker.role if speaker else None, quote.told_to),
            sorted(extracted.shingles[position]) if words and extracted.shingles else [],
            article.outlet, article.published, first_pieces[position])


def _first_pieces(attributions: list, speaker_of: dict) -> list[int]:
    """For each quote, the position of the first piece of its statement (the pieces of one
    quote, ``"A," she said. "B."``): the quotes with its cue and speaker, the first in the
    text; a quote with no cue is its own. The store's rule
    (:data:`quotes.store.statements._FILL_STATEMENTS`), worked out here so that the bulk
    load writes ``statement_id`` with the row instead of updating every quote after."""
    first: dict[tuple, int] = {}
    at = [(quote.start is not None, quote.start or 0, position)
          for position, quote in enumerate(attributions)]
    pieces = []
    for position, quote in enumerate(attributions):
        if quote.cue_start is None or quote.cue_end is None:
            pieces.append(None)
            continue
        group = (quote.cue_start, quote.cue_end, speaker_of.get(position))
        if group not in first or at[position] < at[first[group]]:
            first[group] = position
        pieces.append(group)
    return [position if group is None else first[group] for position, group in enumerate(pieces)]


def _speaker_fields(referent, order: int) -> tuple:
    """``(name, kind, key, block, skeleton, scope_article_id)`` of the row this referent
    would make if it were the first of its speaker."""
    if referent.scoped or referent.scoped_if_new or referent.same_as \
            or referent.kind not in (PERSON, ORGANISATION):
        key = referent.local.partition(":")[2] if referent.kind != ANONYMOUS else None
        return names.visible(referent.name), referent.kind, key, None, None, order
    if referent.kind == PERSON:
        parsed = names.PersonName.from_parts(referent.person)
        return names.visible(parsed.written), PERSON, parsed.key, parsed.block, parsed.skeleton, None
    return (names.visible(names.without_the(referent.name)), ORGANISATION, referent.key,
            names.org_block(referent.key), None, None)


# ---------------------------------------------------------------- across articles (the jobs)


def _first_speaker(a, b):
    """Two sightings of one speaker folded: the first one's row, every offered name, and
    how many articles wrote each alias."""
    first = a if a[0] < b[0] else b
    return first[0], first[1], a[2] | b[2]


def build(spark, results, directory: str) -> dict[str, int]:
    """Work out every table from ``results`` (an RDD of ``(order, Extracted dict)``, one per
    article, ``order`` from 1 in input order) and write each as Parquet under
    ``directory/<table>``; how many rows each has."""
    from pyspark import StorageLevel

    now = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    records = results.flatMap(lambda pair: facts(pair[0], Extracted.from_dict(pair[1])))
    records.persist(StorageLevel.MEMORY_AND_DISK)
    counts = {}

    # outlets, numbered by their first article
    outlets = (records.filter(lambda r: r[0] == "article" and r[2])
               .map(lambda r: (r[2], r[1])).reduceByKey(min)
               .sortBy(lambda pair: pair[1]).zipWithIndex()
               .map(lambda pair: (pair[0][0], pair[1] + 1)))
    outlet_ids = dict(outlets.collect())  # a few thousand names at most: to every executor
    ids = spark.sparkContext.broadcast(outlet_ids)

    # speakers: one per identity, numbered by first sighting, named by the best spelling
    aliases = (records.filter(lambda r: r[0] == "alias")
               .map(lambda r: ((r[1], r[2]), 1)).reduceByKey(lambda a, b: a + b)
               .map(lambda pair: (pair[0][0], {pair[0][1]: pair[1]})))
    sightings = (records.filter(lambda r: r[0] == "speaker")
                 .map(lambda r: (r[1], (r[2], r[3], set(r[4]))))
                 .reduceByKey(_first_speaker)
                 .leftOuterJoin(aliases.reduceByKey(lambda a, b: {**a, **b})))
    speakers = sightings.sortBy(lambda pair: pair[1][0][0]).zipWithIndex() \
        .map(lambda pair: (pair[0][0], (pair[1] + 1, pair[0][1])))
    speakers.persist(StorageLevel.MEMORY_AND_DISK)
    speaker_ids = speakers.map(lambda pair: (pair[0], pair[1][0]))

    # quotes: numbered in input order, with their speaker's id
    quotes = (records.filter(lambda r: r[0] == "quote")
              .map(lambda r: (r[2], r)).leftOuterJoin(speaker_ids)
              .map(lambda pair: (pair[1][0][1], (pair[1][0], pair[1][1])))
              .sortByKey().zipWithIndex()
              .map(lambda pair: (pair[1] + 1, pair[0][1][0], pair[0][1][1])))  # (id, record, speaker id)
    quotes.persist(StorageLevel.MEMORY_AND_DISK)

    # statements: one per statement key, numbered by its first quote
    keyed = quotes.filter(lambda q: q[1][3] is not None) \
        .map(lambda q: (_statement_key(q[1][3], q[2]), q))
    firsts = keyed.reduceByKey(lambda a, b: a if a[0] < b[0] else b) \
        .sortBy(lambda pair: pair[1][0]).zipWithIndex() \
        .map(lambda pair: (pair[0][0], (pair[1] + 1, pair[0][1])))
    members = keyed.join(firsts.map(lambda pair: (pair[0], pair[1][0])))  # (key, (quote, cluster id))
    members.persist(StorageLevel.MEMORY_AND_DISK)
    quote_cluster = members.map(lambda pair: (pair[1][0][0], pair[1][1]))
    clusters = members.map(lambda pair: (pair[1][1], pair[1][0])).groupByKey() \
        .join(firsts.map(lambda pair: (pair[1][0], pair[1][1])))
    outlet_of = ids

    def write(table, rdd):
        counts[table] = _write(spark, rdd, directory, table)

    write("outlets", spark.sparkContext.parallelize(
        [(number, name) for name, number in sorted(outlet_ids.items(), key=lambda p: p[1])])
        .leftOuterJoin(quotes.map(lambda q: (outlet_of.value.get(q[1][6]), 1))
                       .filter(lambda pair: pair[0] is not None).reduceByKey(lambda a, b: a + b)
                       .map(lambda pair: (pair[0], pair[1])))
        .map(lambda pair: (pair[0], pair[1][0], pair[1][1] or 0)) if outlet_ids else
        spark.sparkContext.emptyRDD())
    write("articles", records.filter(lambda r: r[0] == "article").map(
        lambda r: (r[1], r[3][0], outlet_of.value.get(r[2]), *r[3][1:], now)))
    speaker_quotes = quotes.filter(lambda q: q[2] is not None).map(lambda q: (q[2], 1)) \
        .reduceByKey(lambda a, b: a + b)
    write("speakers", speakers.map(lambda pair: (pair[1][0], pair[1][1]))
          .leftOuterJoin(speaker_quotes).map(lambda pair: _speaker_row(pair[0], *pair[1])))
    write("speaker_aliases", records.filter(lambda r: r[0] == "alias").map(lambda r: (r[1], r))
          .join(speaker_ids).map(lambda pair: (pair[1][1], pair[1][0][2], pair[1][0][3], pair[1][0][4])))
    write("speaker_roles", records.filter(lambda r: r[0] == "role").map(lambda r: (r[1], r))
          .join(speaker_ids).map(lambda pair: (pair[1][1], pair[1][0][2], pair[1][0][3])))
    write("speaker_lookup", spark.read.parquet(escape(f"{directory}/speakers")).select("name").rdd
          .map(lambda row: row[0])
          .union(spark.read.parquet(escape(f"{directory}/speaker_aliases")).select("alias").rdd
                 .map(lambda row: row[0]))
          .filter(bool).distinct()
          .flatMap(lambda name: [(key, name) for key in names.lookup_keys(name)]).distinct())
    write("clusters", clusters.map(lambda pair: _cluster_row(pair[0], list(pair[1][0]), pair[1][1],
                                                             outlet_of.value)))
    write("cluster_variants", firsts.map(lambda pair: (pair[1][0], pair[0][0])))
    write("cluster_shingles", members.flatMap(
        lambda pair: [(h, pair[1][1]) for h in pair[1][0][1][5]]).distinct())
    write("cluster_outlets", members.map(lambda pair: (pair[1][1], outlet_of.value.get(pair[1][0][1][6])))
          .filter(lambda pair: pair[1] is not None).distinct())
    write("quotes", quotes.map(lambda q: (q[0], q)).leftOuterJoin(
        quote_cluster.map(lambda pair: (pair[0], pair[1]))).map(
        lambda pair: _quote_row(pair[1][0], pair[1][1])))
    for rdd in (records, speakers, quotes, members):
        rdd.unpersist()
    ids.unpersist()
    return counts


def _statement_key(statement: tuple, speaker_id: int | None) -> tuple:
    """What quotes of one statement share: the words, and for a short quote its named
    speaker's id, or for an unnamed one the quote itself."""
    key, named, own = statement
    return key, speaker_id if named else None, own


def _speaker_row(speaker_id: int, sighting: tuple, quote_count: int | None) -> tuple:
    (first, fields, offered), spelled = sighting
    name, kind, key, block, skeleton, scope = fields
    spelled = spelled or {}
    if offered - {name}:
        name = max(offered | {name}, key=lambda s: names.name_rank(kind, s, spelled.get(s, 0)))
    return speaker_id, name, kind, key, quote_count or 0, block, skeleton, scope


def _cluster_row(cluster_id: int, members: list, first: tuple, outlet_ids: dict) -> tuple:
    """A statement's row: its first quote's wording and speaker; articles, outlets, its first
    appearance (the earliest dated article, else the first read) and whom it was told to."""
    order = sorted(members, key=lambda q: (q[1][7] is None, q[1][7] or "", q[1][1][0], q[0]))
    record = first[1]
    articles = {q[1][1][0] for q in members}
    outlets = {outlet_ids.get(q[1][6]) for q in members} - {None}
    told_to = next((hearer for q in order if (hearer := (q[1][4][11] or "").strip(" .,;:"))), None)
    return (cluster_id, record[4][1], record[3][0], first[2], len(articles), len(outlets),
            order[0][1][1][0], told_to)


def _quote_row(quote: tuple, cluster_id: int | None) -> tuple:
    quote_id, record, speaker_id = quote
    (kind, text, start, end, cue, cue_start, cue_end, mention, speaker_start, speaker_end,
     role, told_to) = record[4]
    statement_id = quote_id - (record[1][1] - record[8])  # an article's quotes are numbered in a row
    return (quote_id, record[1][0], kind, text, start, end, cue, cue_start, cue_end, speaker_id,
            mention, speaker_start, speaker_end, role, told_to, cluster_id, statement_id)


def _write(spark, rdd, directory: str, table: str) -> int:
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType([StructField(c, LongType() if c in INTEGERS else StringType())
                         for c in TABLES[table]])
    path = f"{directory}/{table}"
    spark.createDataFrame(rdd, schema).orderBy(*ORDER[table]).write.mode("errorifexists").parquet(path)
    if not output_exists(spark, path):  # no rows in no partition: Spark wrote nothing at all
        spark.createDataFrame([], schema).repartition(1).write.parquet(path)
    return spark.read.parquet(escape(path)).count()
