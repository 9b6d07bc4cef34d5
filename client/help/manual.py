"""The manual's pages on disk (resources/manual), without Qt.

``contents.json`` lists the sections and pages in reading order; each page is
``<language>/<id>.md`` in every language (zh_CN is the source), documents the
screens (navigation keys) it names and is meant for the roles it names. A page
missing in a language is read in Simplified Chinese.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown_it import MarkdownIt

from client.help.search import HelpDocument
from resources import RESOURCE_DIR

MANUAL_DIR = RESOURCE_DIR / "manual"
IMAGES_DIR = MANUAL_DIR / "images"
SOURCE_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en", "ja")
LOGIN = "login"  # the screen key before anyone has logged in


@dataclass(frozen=True)
class PageEntry:
    id: str
    screens: tuple[str, ...]
    audience: tuple[str, ...]
    image: str | None  # the screenshot's file under images/, when it has one
    shot: tuple[str, str] | None  # (app, screen key) the screenshot is taken of


@dataclass(frozen=True)
class Section:
    id: str
    titles: dict[str, str]
    pages: tuple[PageEntry, ...]

    def title(self, language: str) -> str:
        return self.titles.get(language) or self.titles[SOURCE_LANGUAGE]


@dataclass(frozen=True)
class Page:
    id: str
    language: str  # the language it was read in (zh_CN when missing in the one asked)
    title: str
    headings: tuple[str, ...]
    markdown: str

    def html(self) -> str:
        return render(self.markdown)

    def text(self) -> str:
        return plain_text(self.markdown)


@dataclass(frozen=True)
class Contents:
    sections: tuple[Section, ...]

    def pages(self) -> list[PageEntry]:
        return [page for section in self.sections for page in section.pages]

    def page_for_screen(self, key: str) -> str | None:
        """The page documenting the screen ``key`` (the first one naming it)."""
        for page in self.pages():
            if key in page.screens:
                return page.id
        return None

    def first_page(self) -> str:
        return self.pages()[0].id


@cache
def contents(directory: Path = MANUAL_DIR) -> Contents:
    raw = json.loads((directory / "contents.json").read_text(encoding="utf-8"))
    return Contents(
        tuple(
            Section(
                id=section["id"],
                titles=dict(section["title"]),
                pages=tuple(
                    PageEntry(
                        id=page["id"],
                        screens=tuple(page.get("screens", ())),
                        audience=tuple(page.get("audience", ())),
                        image=page.get("image"),
                        shot=(page["shot"]["app"], page["shot"]["screen"])
                        if "shot" in page
                        else None,
                    )
                    for page in section["pages"]
                ),
            )
            for section in raw["sections"]
        )
    )


def page_path(page_id: str, language: str, directory: Path = MANUAL_DIR) -> Path:
    return directory / language / f"{page_id}.md"


def read_page(page_id: str, language: str, directory: Path = MANUAL_DIR) -> Page:
    path = page_path(page_id, language, directory)
    if not path.is_file():
        language = SOURCE_LANGUAGE
        path = page_path(page_id, language, directory)
    markdown = path.read_text(encoding="utf-8")
    headings = [m.group(2).strip() for m in re.finditer(r"^(#{1,6})\s+(.+)$", markdown, re.M)]
    title = headings[0] if headings else page_id
    return Page(page_id, language, title, tuple(headings[1:]), markdown)


def manual_language(language: str) -> str:
    """The manual's language for a UI language ("ja_JP" → ja); zh_CN when there is none."""
    if language in LANGUAGES:
        return language
    short = language.split("_")[0]
    return short if short in LANGUAGES else SOURCE_LANGUAGE


def documents(language: str, directory: Path = MANUAL_DIR) -> list[HelpDocument]:
    """Every page of the contents, for the search index."""
    found = []
    for entry in contents(directory).pages():
        page = read_page(entry.id, language, directory)
        found.append(HelpDocument(page.id, page.title, page.text(), page.headings, "manual"))
    return found


def image_references(markdown: str) -> list[str]:
    return re.findall(r"!\[[^\]]*\]\(([^)\s]+)", markdown)


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def render(markdown: str) -> str:
    html: str = _parser().render(markdown)
    return html


def plain_text(markdown: str) -> str:
    """The page's words as a reader sees them (no markup, no image names)."""
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^#{1,6}\s+.*$", "", text, count=1, flags=re.M)  # the title is its own field
    text = re.sub(r"^#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"[*_`>|]", "", text)
    text = re.sub(r"^\s*[-:]{3,}[-:| ]*$", "", text, flags=re.M)
    text = re.sub(r"^\s*[-+]\s+", "", text, flags=re.M)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
