"""A word cloud that cannot hold every word says so (lesson 03 review: 25 of 60 words drawn, silently)."""
import warnings

import pytest

import zhili as zl


def _freqs(n):
    words = [chr(0x4E00 + 7 * i) + chr(0x4E00 + 7 * i + 3) for i in range(n)]  # distinct two-character words
    return dict(zip(words, range(n + 10, 10, -1)))


def test_a_crowded_cloud_warns_how_many_words_were_drawn():
    with pytest.warns(zl.ZhiliWarning, match=r"词云只画下了字号最大的 \d+ 个词（交给它的有 300 个）"):
        ax = zl.plot.wordcloud(_freqs(300), top_n=300, width=200, height=120)
    assert len(ax.wordcloud.layout_) < len(ax.wordcloud.words_) == 300


def test_a_cloud_that_holds_every_word_does_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error", zl.ZhiliWarning)
        ax = zl.plot.wordcloud(_freqs(8))
    assert len(ax.wordcloud.layout_) == len(ax.wordcloud.words_) == 8
