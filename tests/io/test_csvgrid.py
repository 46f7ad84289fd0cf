"""The CSV grid: counted from the text and read by pandas, or read by the csv module;
the same records, lines and cells either way, and the csv module wherever the count
could be wrong."""

from __future__ import annotations

import csv
import io
import random

import numpy as np
import pytest

from denocompare.io.regulators.csvgrid import Grid

TRICKY = {
    "plain": "a,b\n1,2\n",
    "crlf, a blank line": "a,b\r\n1,2\r\n\r\nx\r\n",
    "a quoted line break, no final break": 'title\n\na,b,c\n"1\n2",3,4\n5,6',
    "a quoted comma": 'a,"b,c"\n1,2\n\n',
    "a quoted crlf": 'a,"b\r\nc"\r\n1,2\r\n',
    "a longer row": "a,b\n1,2,3\n",
    "only commas": ",,,\n",
    "empty quoted cells": '"",""\n\n\n',
    "a doubled quote": 'x\n"a""b",c\n""""\n',
    "white space only": "a,b\n  , \t\n",
    "non-ascii": "Proper Name,x\n\u00e9t\u00e9-\u00e4\u00e4,\"\u00fc\n\u00df\"\n",
    "non-ascii white space only": 'a,b\n\xa0,\u3000\n"\x85",\x1f\n\xa0x,y\n',
}
#: Texts whose quotes the count would misread, or a lone carriage return.
UNSURE = {
    "a stray quote": '12" x,5\n1,2\n',
    "a stray pair around a comma": '12" a,b "x,5\n1,2,3\n',
    "a lone carriage return": "a\rb\n",
    "an unterminated quote": '"unterminated\n1,2\n',
    "a quote after a space": 'a, "b,c"\n',
    "text after a closing quote": '"a"b,c\n',
}


def _same(fast: Grid, slow: Grid) -> None:
    assert fast.counts.tolist() == slow.counts.tolist()
    assert fast.lines.tolist() == slow.lines.tolist()
    assert [fast.row(i) for i in range(len(fast))] == [slow.row(i) for i in range(len(slow))]
    width = int(slow.counts.max()) if len(slow) else 0
    for j in range(width):
        assert fast.column(j).tolist() == slow.column(j).tolist()
    rows = np.arange(len(slow))
    assert fast.take(rows, list(range(width))) == slow.take(rows, list(range(width)))
    blank = [i for i in range(len(slow)) if not "".join(slow.row(i)).strip()]
    assert set(blank) <= set(fast.maybe_blank(rows).tolist())
    assert blank == slow.maybe_blank(rows).tolist()


@pytest.mark.parametrize("name", TRICKY)
def test_the_count_and_pandas_agree_with_the_csv_module(name):
    fast, slow = Grid(TRICKY[name]), Grid(TRICKY[name], tokenizer="csv")
    assert slow.tokenizer == "csv"
    fast.column(0)
    assert fast.tokenizer == "pandas"
    _same(fast, slow)
    assert fast.tokenizer == "pandas"  # compared as read by pandas, not after a fallback


@pytest.mark.parametrize("name", UNSURE)
def test_a_text_the_count_could_misread_is_read_by_the_csv_module(name):
    grid = Grid(UNSURE[name])
    grid.column(0)
    assert grid.tokenizer == "csv"
    _same(grid, Grid(UNSURE[name], tokenizer="csv"))


def test_a_grid_pandas_refuses_falls_back_with_the_same_records(monkeypatch):
    import pandas as pd

    def refuse(*_a, **_k):
        raise pd.errors.ParserError("no")

    text = TRICKY["a quoted line break, no final break"]
    grid = Grid(text)
    monkeypatch.setattr(pd, "read_csv", refuse)
    assert grid.column(1).tolist() == ["", "", "b", "3", "6"]
    assert grid.tokenizer == "csv"
    _same(grid, Grid(text, tokenizer="csv"))


def _random_csv(rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=rng.choice(["\n", "\r\n"]))
    pieces = ["a", "bb", " ", "", ",", "\n", '"', "x,y", "\r\n", "é", "N/R/U"]
    for _ in range(rng.randint(1, 12)):
        writer.writerow(["".join(rng.choice(pieces) for _ in range(rng.randint(0, 3)))
                         for _ in range(rng.randint(0, 5))])
    text = out.getvalue()
    return text if rng.random() < 0.7 else text.rstrip("\r\n")


@pytest.mark.parametrize("seed", range(300))
def test_random_files_read_alike(seed):
    rng = random.Random(seed)
    text = _random_csv(rng)
    if rng.random() < 0.25:  # dirt: a quote or a carriage return anywhere
        at = rng.randrange(len(text) + 1)
        text = text[:at] + rng.choice(['"', "\r", '""', ","]) + text[at:]
    fast = Grid(text)
    if fast.tokenizer == "pandas":
        fast.column(0)
    _same(fast, Grid(text, tokenizer="csv"))


def test_clean_random_files_take_the_fast_path():
    texts = [t for s in range(100) if (t := _random_csv(random.Random(s)))]
    fast = [Grid(t) for t in texts]
    for grid in fast:
        grid.column(0)
    assert len(texts) > 90 and all(g.tokenizer == "pandas" for g in fast)


@pytest.mark.parametrize("n", [Grid.ONE_BY_ONE, Grid.ONE_BY_ONE + 1])
def test_records_taken_one_by_one_or_by_column_alike(n):
    text = "".join(f'{i},"v\n{i}",w{i % 7}\n' for i in range(n + 5))
    fast, slow = Grid(text), Grid(text, tokenizer="csv")
    rows = np.arange(2, 2 + n)
    assert fast.take(rows, [2, 0, 1]) == slow.take(rows, [2, 0, 1])
    assert (1 in fast._columns) == (n > Grid.ONE_BY_ONE)


def test_holding_finds_a_needle_in_any_case_once_per_record():
    text = 'x\n"n/r/u\nN/R/U",N/R/U\nno\nN/R/U\n'
    assert Grid(text).holding("N/R/U") == Grid(text, tokenizer="csv").holding("N/R/U") == [1, 3]


@pytest.mark.parametrize("wrong", ["a record more", "a cell past a record's end"])
def test_cells_that_disagree_with_the_count_are_not_trusted(monkeypatch, wrong):
    import pandas as pd

    real = pd.read_csv
    text = "t\na,b\n1,2\n"

    def disagree(*a, **k):
        frame = real(*a, **k)
        if wrong == "a record more":
            return pd.concat([frame, frame.iloc[:1]], ignore_index=True)
        frame.iloc[0, -1] = "x"  # the title line has one cell
        return frame

    grid = Grid(text)
    monkeypatch.setattr(pd, "read_csv", disagree)
    assert grid.column(1).tolist() == ["", "b", "2"]
    assert grid.tokenizer == "csv"
