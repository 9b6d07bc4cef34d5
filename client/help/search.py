"""Full-text search over the manual's pages (and any other help text, such as the
administrators' FAQ), without Qt.

Chinese and Japanese have no spaces between words, so a run of CJK characters is
indexed as its single characters and its overlapping pairs (bigrams): 冲销 in a
query matches 冲销 anywhere in a sentence, and a page with the pair ranks above one
that merely has both characters apart. Latin text is indexed by words, case-folded
and lightly stemmed (reversed, reverses → revers). Ranking is BM25 over the fields
with boosts: a hit in the title counts most, then in a heading, then in the text;
the whole query found as written earns a bonus on top.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

FIELD_BOOSTS = {"title": 4.0, "headings": 2.0, "body": 1.0}
SINGLE_CHAR_WEIGHT = 0.25  # a lone CJK character says little; its pairs say more
PHRASE_BONUS = {"title": 6.0, "headings": 2.0, "body": 1.0}
K1, B = 1.2, 0.75
SNIPPET_CHARS = 36  # on each side of the hit
RELATIVE_FLOOR = 0.1  # of the best score, below which a page is not offered
MAX_PIECE = 12  # the longest CJK stretch of a query looked for as it stands

_CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\u31f0-\u31ff\uff66-\uff9f"  # katakana extensions, half-width katakana
    "\u3005\u3006\u30fc"  # 々 〆 ー
)
_RUN = re.compile(rf"([{_CJK}]+)|([0-9A-Za-z\u00c0-\u024f]+(?:['’][A-Za-z]+)?)")
_SUFFIXES = ("ings", "ing", "edly", "ed", "ies", "es", "s")


def normalise(text: str) -> str:
    """Full-width letters and digits to half-width, case folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def stem(word: str) -> str:
    """A light English stemmer: reverse, reversed, reverses, reversing → revers."""
    word = word.replace("’", "'").split("'")[0]
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """Index terms of ``text``: stemmed words, CJK characters and CJK bigrams."""
    found: list[str] = []
    for cjk, word in _RUN.findall(normalise(text)):
        if cjk:
            found.extend(cjk)
            found.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        else:
            found.append(stem(word))
    return found


def _weight(term: str) -> float:
    return SINGLE_CHAR_WEIGHT if len(term) == 1 and _is_cjk(term) else 1.0


def _is_cjk(text: str) -> bool:
    return bool(re.fullmatch(rf"[{_CJK}]+", text))


@dataclass(frozen=True)
class HelpDocument:
    """One searchable text: a manual page or a FAQ entry."""

    id: str
    title: str
    body: str
    headings: tuple[str, ...] = ()
    kind: str = "manual"  # "manual" or "faq"


@dataclass(frozen=True)
class SearchHit:
    id: str
    title: str
    kind: str
    score: float
    snippet: str  # plain text around the hit
    snippet_html: str  # the same with the hit in <mark>
    hit: str  # the text as found in the document, to highlight there


@dataclass
class _Indexed:
    document: HelpDocument
    terms: dict[str, Counter[str]] = field(default_factory=dict)  # field -> term counts
    length: float = 0.0  # boosted length


class HelpIndex:
    """The pages and any extra documents, searchable together."""

    def __init__(self, documents: Iterable[HelpDocument] = ()) -> None:
        self._docs: dict[str, _Indexed] = {}
        self.add(documents)

    def add(self, documents: Iterable[HelpDocument]) -> None:
        """More documents (a FAQ entry replaces an earlier one with its id)."""
        for document in documents:
            indexed = _Indexed(document)
            for name, text in self._fields(document).items():
                indexed.terms[name] = Counter(tokens(text))
                indexed.length += FIELD_BOOSTS[name] * sum(indexed.terms[name].values())
            self._docs[document.id] = indexed

    def remove_kind(self, kind: str) -> None:
        self._docs = {k: v for k, v in self._docs.items() if v.document.kind != kind}

    def __len__(self) -> int:
        return len(self._docs)

    @staticmethod
    def _fields(document: HelpDocument) -> dict[str, str]:
        return {
            "title": document.title,
            "headings": "\n".join(document.headings),
            "body": document.body,
        }

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        wanted = Counter(tokens(query))
        if not wanted or not self._docs:
            return []
        count = len(self._docs)
        average = sum(d.length for d in self._docs.values()) / count or 1.0
        frequency = {
            term: sum(1 for d in self._docs.values() if any(term in c for c in d.terms.values()))
            for term in wanted
        }
        phrase = normalise(query).strip()
        scored: list[tuple[float, _Indexed]] = []
        for indexed in self._docs.values():
            score = 0.0
            for term, times in wanted.items():
                tf = sum(
                    FIELD_BOOSTS[name] * counts.get(term, 0)
                    for name, counts in indexed.terms.items()
                )
                if not tf:
                    continue
                idf = math.log(1 + (count - frequency[term] + 0.5) / (frequency[term] + 0.5))
                norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * indexed.length / average))
                score += _weight(term) * times * idf * norm
            if score <= 0:
                continue
            texts = self._fields(indexed.document)
            for name, bonus in PHRASE_BONUS.items():
                if phrase and phrase in normalise(texts[name]):
                    score += bonus
            scored.append((score, indexed))
        scored.sort(key=lambda pair: (-pair[0], pair[1].document.id))
        if scored:  # pages that share only a character or two with the query are noise
            floor = scored[0][0] * RELATIVE_FLOOR
            scored = [pair for pair in scored if pair[0] >= floor]
        return [self._hit(indexed.document, score, query) for score, indexed in scored[:limit]]

    def _hit(self, document: HelpDocument, score: float, query: str) -> SearchHit:
        start, end, source = _locate(document, query)
        text = source
        left = max(0, start - SNIPPET_CHARS)
        right = min(len(text), end + SNIPPET_CHARS)
        before, found, after = text[left:start], text[start:end], text[end:right]
        lead = "…" if left > 0 else ""
        tail = "…" if right < len(text) else ""
        plain = f"{lead}{before}{found}{after}{tail}".replace("\n", " ")
        marked = (
            f"{lead}{_escape(before)}<mark>{_escape(found)}</mark>{_escape(after)}{tail}"
        ).replace("\n", " ")
        return SearchHit(
            id=document.id,
            title=document.title,
            kind=document.kind,
            score=round(score, 4),
            snippet=plain,
            snippet_html=marked,
            hit=found,
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _locate(document: HelpDocument, query: str) -> tuple[int, int, str]:
    """Where in the text (else the title) the query, or its best piece, is found:
    the whole query first, then its longest words and CJK pairs."""
    pieces = [query.strip()]
    for cjk, word in _RUN.findall(query):
        if cjk:  # its longest stretches first, then the earlier ones
            run = cjk[:MAX_PIECE]
            pieces.extend(
                run[start : start + size]
                for size in range(len(run), 1, -1)
                for start in range(len(run) - size + 1)
            )
        elif word:
            pieces.extend((word, stem(normalise(word))))
    pieces = list(dict.fromkeys(p for p in pieces if p))
    pieces.sort(key=len, reverse=True)  # stable: among equals, the order above
    for source in (document.body, document.title):
        folded = normalise(source)
        if len(folded) != len(source):  # NFKC changed lengths: search the text as is
            folded = source.casefold()
        for piece in pieces:
            at = folded.find(normalise(piece))
            if at >= 0:
                end = at + len(normalise(piece))
                if not _is_cjk(piece):  # the whole word, as written
                    while end < len(source) and source[end].isalnum():
                        end += 1
                return at, end, source
    return 0, 0, document.body


def faq_documents(entries: Iterable[Mapping[str, object]], language: str) -> list[HelpDocument]:
    """FAQ entries ({id, question, answer, tags, language}) in ``language`` as documents."""
    found = []
    for entry in entries:
        if str(entry.get("language", language)) != language:
            continue
        tags = entry.get("tags") or ()
        found.append(
            HelpDocument(
                id=f"faq:{entry['id']}",
                title=str(entry.get("question", "")),
                body=str(entry.get("answer", "")),
                headings=tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else (),
                kind="faq",
            )
        )
    return found
