"""A word cloud that cannot hold every word says so in the figure (lesson 03 review: 25 of 60 words drawn, silently)."""
import warnings

import zhili as zl


def _freqs(n):
    words = [chr(0x4E00 + 7 * i) + chr(0x4E00 + 7 * i + 3) for i in range(n)]  # distinct two-character words
    return dict(zip(words, range(n + 10, 10, -1)))


def _notes(ax):
    return [t.get_text() for t in ax.texts + ax.figure.texts]


def test_a_crowded_cloud_says_in_the_figure_how_many_words_were_drawn():
    ax = zl.plot.wordcloud(_freqs(300), top_n=300, width=200, height=120)
    drawn = len(ax.wordcloud.layout_)
    assert drawn < len(ax.wordcloud.words_) == 300
    assert _notes(ax) == [f"画下了字号最大的 {drawn} 个词（共给出 300 个）"]


def test_a_cloud_that_holds_every_word_has_no_note_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = zl.plot.wordcloud(_freqs(8))
    assert len(ax.wordcloud.layout_) == len(ax.wordcloud.words_) == 8
    assert _notes(ax) == []


def test_the_note_sits_under_the_image_not_over_it():
    ax = zl.plot.wordcloud(_freqs(300), top_n=300, width=200, height=120, title="词云")
    (note,) = ax.figure.texts
    image_bottom = ax.get_position().y0
    assert note.get_position()[1] < image_bottom  # in the strip below the image
