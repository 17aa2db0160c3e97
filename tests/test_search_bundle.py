"""The offline bundle carries the search support files of the site's search languages only."""
from __future__ import annotations

from explainer.offline import bundle

LUNR = bundle.LUNR_FOLDER + "min/"


def test_english_and_chinese_keep_only_their_support_files():
    languages = ["en", "zh"]
    for name in ("lunr.stemmer.support.min.js", "lunr.zh.min.js", "lunr.multi.min.js"):
        assert bundle.left_out(LUNR + name, languages) is None, name
    for name in ("lunr.de.min.js", "lunr.ja.min.js"):
        assert bundle.left_out(LUNR + name, languages) is not None, name
    assert bundle.left_out(bundle.LUNR_FOLDER + "tinyseg.js", languages) is not None


def test_english_alone_needs_none():
    assert bundle.lunr_files(["en"]) == set()
    assert bundle.left_out(LUNR + "lunr.zh.min.js", ["en"]) is not None
