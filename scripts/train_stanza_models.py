"""Train small English stanza models (tokenize, pos, lemma, depparse) on UD English EWT.

Why: stanza's published models cannot be downloaded on the machines that run
this project's tests, so the stanza engine's raw-text path (``stanza.Pipeline``
on article text) had no test. These models are small enough to commit
(``tests/data/stanza-en-small/``) and to train on a shared CPU in well under an
hour. They are for tests, not for production use: see that folder's README.

Every model is trained by stanza's own trainers (``python -m
stanza.models.tokenizer`` / ``tagger`` / ``lemmatizer`` / ``parser``), their
input files made with stanza's own data helpers, and scored with stanza's own
CoNLL 2018 scorer. No word vectors (``--no_pretrain``): none can be downloaded.

One preparation step is ours: English EWT writes contractions as multi-word
tokens (*don't* = *do* + *n't*, 2,614 in train). Their words always spell the
token exactly, so they are written out as plain words (``SpaceAfter=No`` between
them): the tokenizer then splits *don't* itself, no ``mwt`` model is needed and
every word keeps exact character offsets (a stanza MWT expansion has none).

    python scripts/train_stanza_models.py --ud ../shared/ud --out tests/data/stanza-en-small

runs every step in turn (about 50 minutes on a shared 2-core machine; the committed
set took 44 with two trainers side by side, see its README); ``--only pos`` or
``--steps 20`` are for trying the commands out. Logs go to ``--work``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

PACKAGE = "ewt_small"
LOCAL_MARKER = "quotes-local-models.json"  # quotes.engines.LOCAL_MARKER
PROCESSORS = ("tokenize", "pos", "lemma", "depparse")

# Settings chosen to fit the time budget on one CPU thread; stanza's defaults in comments.
SETTINGS = {
    "tokenize": [
        "--steps", "2500",             # 50000
        "--eval_steps", "500",         # 200
        "--no_use_mwt",
    ],
    "pos": [
        "--no_pretrain", "--no_bert_model",
        "--hidden_dim", "100",         # 200
        "--char_hidden_dim", "64",     # 400
        "--char_emb_dim", "50",        # 100
        "--deep_biaff_hidden_dim", "100",  # 400
        "--composite_deep_biaff_hidden_dim", "50",  # 100
        "--num_layers", "1",           # 2
        "--batch_size", "32",          # 250 (sentences): more updates for the same time
        "--max_steps", "500",          # 50000
        "--eval_interval", "250",      # 100
    ],
    "lemma": [
        "--hidden_dim", "100",         # 200
        "--num_epoch", "1",            # 60
        "--decay_epoch", "1",          # 30
        "--batch_size", "100",         # 50
    ],
    "depparse": [
        "--no_pretrain", "--no_bert_model",
        "--no_char",                   # a character model (the tags stand in for unknown words)
        "--hidden_dim", "100",         # 400
        "--deep_biaff_hidden_dim", "100",  # 400
        "--deep_biaff_output_dim", "64",   # 160
        "--num_layers", "2",           # 3
        "--optim", "adam", "--lr", "0.002", "--no_second_optim",  # adadelta 2.0, then adam
        "--batch_size", "3000",        # 5000 (tokens)
        "--max_steps", "240",          # 50000
        "--eval_interval", "80",       # 100
        "--no_checkpoint",
    ],
}


# ---------------------------------------------------------------- data

def flatten_mwt(sentences: list[list[str]]) -> list[list[str]]:
    """Write each multi-word token out as its words, ``SpaceAfter=No`` between them.

    Checks that the words spell the token (true for every MWT in EWT and GUM);
    a treebank where that fails needs stanza's mwt model instead.
    """
    flat = []
    for lines in sentences:
        out, mwt_end, mwt_misc, token = [], None, None, None
        pieces = []
        for line in lines:
            if line.startswith("#"):
                out.append(line)
                continue
            cols = line.split("\t")
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_misc, token, pieces = cols[9], cols[1], []
                continue
            if mwt_end is not None and "." not in cols[0] and int(cols[0]) <= mwt_end:
                pieces.append(cols[1])
                misc = [m for m in cols[9].split("|") if m != "_" and not m.startswith("SpaceAfter")]
                if int(cols[0]) < mwt_end:
                    misc.append("SpaceAfter=No")
                else:
                    misc += [m for m in mwt_misc.split("|") if m.startswith("SpaceAfter")]
                    if "".join(pieces) != token:
                        raise ValueError(f"words {pieces} do not spell the token {token!r}")
                    mwt_end = None
                cols[9] = "|".join(misc) or "_"
            out.append("\t".join(cols))
        flat.append(out)
    return flat


def unique_words(conllu: Path, output: Path) -> Path:
    """Each distinct (form, UPOS, lemma) of ``conllu`` once, as one-word sentences.

    stanza's lemmatizer reads one word at a time, with no context, so repeats of
    *the* and *said* only cost time: this cuts an epoch from 204k words to about 30k.
    """
    seen = {}
    for line in conllu.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) == 10 and cols[0].isdigit():
            seen.setdefault((cols[1], cols[3], cols[2]), cols)
    with output.open("w", encoding="utf-8") as out:
        for cols in seen.values():
            out.write("\t".join(["1", *cols[1:6], "0", "root", "_", "_"]) + "\n\n")
    return output


UD_FILES = {"train": "en_ewt-ud-train", "dev": "en_ewt-ud-dev",
            "gum_dev": "en_gum-ud-dev", "gum_test": "en_gum-ud-test"}


def prepare(ud: Path, data: Path) -> dict[str, Path]:
    """CoNLL-U (MWTs written out) and tokenizer .txt/.toklabels files under ``data``."""
    from stanza.utils.datasets import common, conllu_to_text, prepare_tokenizer_data
    from stanza.utils.datasets.prepare_tokenizer_treebank import augment_punct

    data.mkdir(parents=True, exist_ok=True)
    files = {}
    for name, source in UD_FILES.items():
        sentences = flatten_mwt(common.read_sentences_from_conllu(ud / f"{source}.conllu"))
        conllu = data / f"{name}.conllu"
        common.write_sentences_to_conllu(conllu, sentences)
        files[name] = conllu
        txt = data / f"{name}.txt"
        conllu_to_text.convert_text(str(conllu), str(txt))
        files[f"{name}_txt"] = txt
    files["lemma_train"] = unique_words(files["train"], data / "train_lemma.conllu")
    # The tokenizer also sees curly quotes, ’ and … : stanza's own augmentation (seeded as stanza does).
    random.seed(1234)
    augmented = augment_punct(common.read_sentences_from_conllu(files["train"]))
    common.write_sentences_to_conllu(data / "train_tok.conllu", augmented)
    conllu_to_text.convert_text(str(data / "train_tok.conllu"), str(data / "train_tok.txt"))
    for name, conllu, txt in (("train_tok", data / "train_tok.conllu", data / "train_tok.txt"),
                              ("dev", files["dev"], files["dev_txt"])):
        labels = data / f"{name}.toklabels"
        prepare_tokenizer_data.main([str(txt), str(conllu), "-o", str(labels),
                                     "-m", str(data / f"{name}-mwt.json")])
        files[f"{name}_labels"] = labels
    files["train_tok_txt"] = data / "train_tok.txt"
    return files


# ---------------------------------------------------------------- training

def train_command(processor: str, files: dict[str, Path], saved: Path, steps: int | None) -> list[str]:
    """The stanza trainer command line for one processor."""
    settings = list(SETTINGS[processor])
    if steps:  # a smoke run: replace the step counts
        for flag in ("--steps", "--max_steps", "--num_epoch"):
            if flag in settings:
                settings[settings.index(flag) + 1] = str(1 if flag == "--num_epoch" else steps)
        for flag in ("--eval_steps", "--eval_interval"):
            if flag in settings:
                settings[settings.index(flag) + 1] = str(max(steps // 2, 1))
    save = ["--save_dir", str(saved), "--save_name", f"{processor}.pt"]
    common = ["--lang", "en", "--shorthand", "en_ewt"]
    if processor == "tokenize":
        return ["stanza.models.tokenizer", *common, "--mode", "train",
                "--txt_file", str(files["train_tok_txt"]), "--label_file", str(files["train_tok_labels"]),
                "--mwt_json_file", str(files["train_tok_labels"].with_name("train_tok-mwt.json")),
                "--dev_txt_file", str(files["dev_txt"]), "--dev_label_file", str(files["dev_labels"]),
                "--dev_conll_gold", str(files["dev"]), "--conll_file", str(saved / "tokenize-dev.conllu"),
                *settings, *save]
    module = {"pos": "stanza.models.tagger", "lemma": "stanza.models.lemmatizer",
              "depparse": "stanza.models.parser"}[processor]
    if processor == "lemma":
        common = ["--shorthand", "en_ewt"]
    train = files["lemma_train"] if processor == "lemma" else files["train"]
    return [module, *common, "--mode", "train", "--train_file", str(train),
            "--eval_file", str(files["dev"]), "--output_file", str(saved / f"{processor}-dev.conllu"),
            *settings, *save]


def run(module_args: list[str], log: Path) -> float:
    """Run one stanza module on one CPU thread, its output into ``log``; seconds taken."""
    # glibc returns torch's large buffers to the kernel after every op by default; on
    # these machines that made backward passes spend more time in the kernel than in
    # torch (34 s sys against 24 s user for four tagger steps), so keep them.
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MALLOC_MMAP_THRESHOLD_="4000000000", MALLOC_TRIM_THRESHOLD_="4000000000",
               MALLOC_TOP_PAD_="536870912")
    started = time.time()
    with log.open("w") as out:
        print(f"$ python -m {' '.join(module_args)}", file=out, flush=True)
        done = subprocess.run([sys.executable, "-m", *module_args], stdout=out, stderr=subprocess.STDOUT,
                              env=env, check=False)
    if done.returncode:
        sys.exit(f"Error: {module_args[0]} failed (exit status {done.returncode}); see {log}")
    return time.time() - started


# ---------------------------------------------------------------- packaging and scores

def half_precision(source: Path, target: Path) -> None:
    """Copy a stanza model with its float32 weights stored as float16.

    Halves the files (the set must stay small enough to commit); stanza loads the
    weights with ``load_state_dict``, which casts them back to float32, so only the
    stored precision changes. The scores are those of the stored files.
    """
    import torch

    checkpoint = torch.load(source, map_location="cpu", weights_only=False)
    checkpoint["model"] = {name: weights.half() if weights.dtype == torch.float32 else weights
                           for name, weights in checkpoint["model"].items()}
    torch.save(checkpoint, target)


def describe(out: Path, scores: dict | None = None) -> None:
    """resources.json and the local-set marker.

    resources.json names only the processors trained here, so that
    ``stanza.Pipeline(lang="en", dir=out, download_method=None)`` loads them; the
    marker (``quotes.engines.LOCAL_MARKER``) tells ``quotes`` this is a local set and
    records what made it.
    """
    packages = {p: {PACKAGE: {}} for p in PROCESSORS}
    english = {"lang_name": "English", **packages,
               "default_processors": {p: PACKAGE for p in PROCESSORS},
               "packages": {"default": {p: PACKAGE for p in PROCESSORS}}}
    (out / "resources.json").write_text(json.dumps({"en": english}, indent=2) + "\n")
    marker = {
        "made_by": "scripts/train_stanza_models.py", "stanza": stanza_version(),
        "trained_on": "UD English EWT train (dev for model selection)",
        "licence": "CC BY-SA 4.0 (as UD English EWT)", "package": PACKAGE,
        "processors": list(PROCESSORS), "settings": SETTINGS,
    }
    if scores:
        marker["scores"] = scores
    (out / LOCAL_MARKER).write_text(json.dumps(marker, indent=2) + "\n")


def stanza_version() -> str:
    from importlib.metadata import version

    return version("stanza")


def score(out: Path, files: dict[str, Path], work: Path) -> dict[str, dict[str, float]]:
    """End-to-end scores of the pipeline on raw text (stanza's CoNLL 2018 scorer)."""
    import stanza
    import torch
    from stanza.models.common.utils import ud_scores
    from stanza.utils.conll import CoNLL

    torch.set_num_threads(1)
    nlp = stanza.Pipeline(lang="en", dir=str(out), download_method=None, processors=",".join(PROCESSORS),
                          logging_level="WARN")
    scores = {}
    for name in ("dev", "gum_dev", "gum_test"):
        text = files[f"{name}_txt"].read_text(encoding="utf-8")
        started = time.time()
        doc = nlp(text)
        seconds = time.time() - started
        for sentence in doc.sentences:  # stanza writes a very long token (a URL) as <UNK>
            for token in sentence.tokens:
                original = text[token.start_char:token.end_char]
                if token.text != original and len(token.words) == 1:
                    token.text = token.words[0].text = original
        predicted = work / f"pred_{name}.conllu"
        CoNLL.write_doc2conll(doc, str(predicted))
        result = ud_scores(str(files[name]), str(predicted))
        scores[name] = {metric: round(100 * result[metric].f1, 2)
                        for metric in ("Tokens", "Sentences", "UPOS", "XPOS", "Lemmas", "UAS", "LAS")}
        scores[name]["tokens_per_second"] = round(doc.num_tokens / seconds)
        print(name, scores[name], flush=True)
    return scores


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ud", type=Path, default=Path("../shared/ud"), help="folder with en_ewt-ud-*.conllu, en_gum-ud-*.conllu")
    parser.add_argument("--out", type=Path, default=Path("tests/data/stanza-en-small"))
    parser.add_argument("--work", type=Path, default=Path("/tmp/stanzatrain"), help="data, logs, checkpoints")
    parser.add_argument("--only", choices=PROCESSORS, action="append", help="train only these (repeatable)")
    parser.add_argument("--steps", type=int, help="smoke run: this many steps each (1 lemma epoch)")
    parser.add_argument("--skip-prepare", action="store_true", help="reuse the data files in --work")
    parser.add_argument("--score-only", action="store_true", help="only write resources.json and score --out")
    parser.add_argument("--no-score", action="store_true", help="train and package, do not score")
    args = parser.parse_args(argv)

    data, saved = args.work / "data", args.work / "saved"
    saved.mkdir(parents=True, exist_ok=True)
    if args.skip_prepare or args.score_only:
        files = {n: data / f"{n}.conllu" for n in UD_FILES} | {f"{n}_txt": data / f"{n}.txt" for n in UD_FILES}
        files |= {"lemma_train": data / "train_lemma.conllu", "train_tok_txt": data / "train_tok.txt",
                  "train_tok_labels": data / "train_tok.toklabels", "dev_labels": data / "dev.toklabels"}
        if not all(path.exists() for path in files.values()):
            sys.exit(f"Error: {data} lacks the prepared files; run once without --skip-prepare/--score-only")
    else:
        absent = [name for name in UD_FILES.values() if not (args.ud / f"{name}.conllu").is_file()]
        if absent:
            sys.exit(f"Error: {args.ud} lacks {', '.join(n + '.conllu' for n in absent)}")
        print("Preparing data in", data, flush=True)
        files = prepare(args.ud, data)
    timings = {}
    if not args.score_only:
        for processor in args.only or PROCESSORS:
            log = args.work / f"train_{processor}.log"
            print(f"Training {processor} (log: {log})", flush=True)
            timings[processor] = round(run(train_command(processor, files, saved, args.steps), log))
            print(f"  {processor}: {timings[processor]} s", flush=True)
            target = args.out / "en" / processor / f"{PACKAGE}.pt"
            target.parent.mkdir(parents=True, exist_ok=True)
            half_precision(saved / f"{processor}.pt", target)
    describe(args.out)
    if args.no_score:
        return
    scores = score(args.out, files, args.work)
    describe(args.out, scores)
    summary = args.work / "scores.json"
    summary.write_text(json.dumps({"train_seconds": timings, "scores": scores}, indent=2) + "\n")
    print("Scores written to", summary, flush=True)


if __name__ == "__main__":
    main()
