"""The manual and its search, without Qt: the pages every language needs, and the
ranking a user relies on (Chinese and Japanese have no spaces between words)."""

from __future__ import annotations

import struct

import pytest

from client.help import manual
from client.help.search import HelpDocument, HelpIndex, faq_documents, stem, tokens
from client.widgets.icons import PAGES


def index(language: str) -> HelpIndex:
    return HelpIndex(manual.documents(language))


@pytest.mark.parametrize(
    ("language", "query", "in_title"),
    [("zh_CN", "冲销", "冲销"), ("en", "reversal", "reversal"), ("ja", "取消", "取消")],
)
def test_the_reversal_page_comes_first_in_every_language(
    language: str, query: str, in_title: str
) -> None:
    hits = index(language).search(query)
    assert hits[0].id == "reversal", [h.id for h in hits[:5]]
    assert in_title in hits[0].title.casefold()
    assert f"<mark>{query}</mark>" in hits[0].snippet_html.casefold()
    assert hits[0].score > hits[1].score


def test_a_chinese_phrase_inside_a_sentence_is_found_without_spaces() -> None:
    """借贷平衡 is written inside sentences of the voucher page, never as a word."""
    hits = index("zh_CN").search("借贷平衡")
    assert "voucher" in [h.id for h in hits[:3]]
    voucher = next(h for h in hits if h.id == "voucher")
    assert voucher.hit == "借贷平衡"
    assert "<mark>借贷平衡</mark>" in voucher.snippet_html
    # a longer query, written as a clerk would, still finds its longest stretch
    assert index("zh_CN").search("输入拼音首字母")[0].id in {"voucher", "income"}


def test_a_japanese_phrase_is_found_inside_a_sentence() -> None:
    hits = index("ja").search("貸借が一致")
    assert hits and hits[0].hit == "貸借が一致"


def test_a_title_hit_ranks_above_the_same_words_in_the_text() -> None:
    docs = [
        HelpDocument("text", "关于账簿", "每月结束后要结账。结账前请检查。" * 3),
        HelpDocument("title", "结账管理", "会计期间按月处理。"),
        HelpDocument("other", "其他", "与此无关的内容。"),
    ]
    hits = HelpIndex(docs).search("结账")
    assert [h.id for h in hits] == ["title", "text"]


def test_english_words_are_case_folded_and_stemmed() -> None:
    assert stem("reversed") == stem("reverses") == stem("reverse") == stem("reversing")
    assert tokens("Locked ACCOUNTS") == [stem("locked"), stem("accounts")]
    hits = index("en").search("LOCKED account")
    assert hits[0].id in {"login", "users", "alerts"}


def test_cjk_runs_are_indexed_as_characters_and_pairs() -> None:
    assert tokens("红字冲销") == ["红", "字", "冲", "销", "红字", "字冲", "冲销"]
    assert tokens("記帳 F1") == ["記", "帳", "記帳", "f1"]


def test_faq_entries_are_searched_and_ranked_with_the_pages() -> None:
    found = index("zh_CN")
    entries = [
        {
            "id": 7,
            "question": "忘记动态口令怎么办?",
            "answer": "请用恢复码登录。",
            "tags": ["登录"],
            "language": "zh_CN",
        },
        {"id": 8, "question": "How do I log in?", "answer": "…", "tags": [], "language": "en"},
    ]
    documents = faq_documents(entries, "zh_CN")
    assert [d.id for d in documents] == ["faq:7"]
    found.add(documents)
    hits = found.search("忘记动态口令")
    assert hits[0].id == "faq:7" and hits[0].kind == "faq"
    assert "login" in [h.id for h in hits]
    found.remove_kind("faq")
    assert "faq:7" not in [h.id for h in found.search("忘记动态口令")]


def test_every_page_of_the_contents_exists_in_every_language() -> None:
    for entry in manual.contents().pages():
        for language in manual.LANGUAGES:
            path = manual.page_path(entry.id, language)
            assert path.is_file(), path
            page = manual.read_page(entry.id, language)
            assert page.language == language and page.title and page.text()
    ids = [entry.id for entry in manual.contents().pages()]
    assert len(ids) == len(set(ids)) and 30 <= len(ids) <= 60


def test_every_screen_has_a_page() -> None:
    documented = {key for entry in manual.contents().pages() for key in entry.screens}
    assert set(PAGES) | {"login"} <= documented
    assert documented <= set(PAGES) | {"login"}  # no page for a screen that does not exist


def test_pictures_named_by_pages_exist_and_are_real_pngs() -> None:
    for entry in manual.contents().pages():
        for language in manual.LANGUAGES:
            for reference in manual.image_references(manual.read_page(entry.id, language).markdown):
                path = manual.MANUAL_DIR / reference
                assert path.is_file(), (entry.id, language, reference)
        if entry.image is not None:
            data = (manual.IMAGES_DIR / entry.image).read_bytes()
            assert data[:8] == b"\x89PNG\r\n\x1a\n"
            width, height = struct.unpack(">II", data[16:24])
            assert width >= 300 and height >= 150


def test_a_missing_page_is_read_in_chinese(tmp_path: object) -> None:
    assert manual.manual_language("ja_JP") == "ja"
    assert manual.manual_language("fr") == "zh_CN"
    page = manual.read_page("voucher", "fr")
    assert page.language == "zh_CN" and "凭证录入" in page.title


def test_the_reversal_page_is_about_reversal_in_each_title() -> None:
    titles = {lang: manual.read_page("reversal", lang).title for lang in manual.LANGUAGES}
    assert "冲销" in titles["zh_CN"]
    assert "reversal" in titles["en"].casefold()
    assert "取消" in titles["ja"]


def test_the_screenshot_script_takes_a_picture_of_every_page_that_shows_one() -> None:
    from installers import screenshots

    shots = screenshots.shots()
    with_image = [entry for entry in manual.contents().pages() if entry.image]
    assert [s.page for s in shots] == [entry.id for entry in with_image]
    for shot in shots:
        assert shot.app in {"workbench", "admin"}
        assert shot.screen in set(PAGES) | {"login"}
        assert shot.image == f"{shot.page}.png"
