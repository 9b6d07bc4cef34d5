"""How fast the manual's search is: building the index of every page of a language
(what the help window does when it opens or changes language) and answering a
query, with 0 and with 500 FAQ entries beside the pages.

``python -m bench.help_search [--runs 30]`` prints medians in milliseconds; no
target is asserted (the figures go in the notes)."""

from __future__ import annotations

import argparse
import statistics
import time

from client.help import manual
from client.help.search import HelpIndex, faq_documents

QUERIES = {
    "zh_CN": ["冲销", "附件张数", "动态口令 重置"],
    "en": ["reversal", "attachments"],
    "ja": ["取消", "添付ファイル"],
}


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def faq(language: str, count: int) -> list[dict[str, object]]:
    return [
        {
            "id": n,
            "language": language,
            "question": f"常见问题 {n}:凭证保存后还能修改吗 voucher {n}",
            "answer": "提交前可以修改;已审批的凭证只能红字冲销。" * 5,
            "tags": ["凭证", "冲销"],
        }
        for n in range(count)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.help_search")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    for language, queries in QUERIES.items():
        pages = manual.documents(language)
        for faq_count in (0, 500):
            builds, answers = [], []
            for _ in range(args.runs):
                started = time.perf_counter()
                index = HelpIndex(pages)
                index.add(faq_documents(faq(language, faq_count), language))
                builds.append(_ms(started))
                for query in queries:
                    started = time.perf_counter()
                    index.search(query)
                    answers.append(_ms(started))
            print(
                f"{language:6} pages={len(pages)} faq={faq_count:4}  "
                f"index p50 {statistics.median(builds):7.1f} ms   "
                f"query p50 {statistics.median(answers):6.2f} ms  "
                f"max {max(answers):6.2f} ms"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
