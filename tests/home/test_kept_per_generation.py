"""What each process keeps per page-cache generation (home/cache/kept.py): read once per generation while
serving, read every time elsewhere, a copy of its own for whoever may change it, and bounded."""

from home.cache import kept
from home.cache.kept import kept_copy, kept_per_generation, serving


def counting_reader(value):
    reads = []

    def read():
        reads.append(1)
        return value

    return read, reads


def test_read_once_per_generation_while_serving_and_every_time_elsewhere():
    read, reads = counting_reader(("a", "b"))
    assert kept_per_generation("test-value", read) == ("a", "b")
    assert kept_per_generation("test-value", read) == ("a", "b")
    assert len(reads) == 2  # outside a request or a mail: nothing kept
    with serving(1001):
        for _n in range(3):
            kept_per_generation("test-value", read)
    assert len(reads) == 3
    with serving(1002):  # a publish elsewhere moved the generation on
        kept_per_generation("test-value", read)
    assert len(reads) == 4


def test_a_kept_copy_is_every_callers_own():
    read, reads = counting_reader({"title": "Voorjaarsbijeenkomst"})
    with serving(2001):
        first = kept_copy("test-copy", read)
        first["title"] = "veranderd"
        second = kept_copy("test-copy", read)
    assert second == {"title": "Voorjaarsbijeenkomst"} and len(reads) == 1


def test_what_is_kept_stays_bounded():
    with serving(3001):
        for n in range(kept.MAX_KEPT * 3):
            kept_per_generation(f"test-many-{n}", lambda: "x" * 100)
    assert len(kept._kept) <= kept.MAX_KEPT
