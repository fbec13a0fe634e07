"""Supplier references and delivery codes (kernel/references.py): the length asked, letters only
from the unambiguous alphabet, every letter of it used, and no two alike in practice."""
from __future__ import annotations

import collections

from mock_supplier.kernel.references import _ALPHABET, delivery_code, reference


def test_references_use_every_letter_of_the_alphabet_alike_and_nothing_else():
    drawn = [reference() for _ in range(20_000)]
    # 20,000 draws of 32**6 references repeat one about once in five runs (the birthday bound);
    # more than five repeats would happen about once in ten million runs of uniform references
    assert {len(r) for r in drawn} == {6} and len(set(drawn)) >= len(drawn) - 5
    counts = collections.Counter("".join(drawn))
    assert set(counts) == set(_ALPHABET)
    expected = 6 * 20_000 / 32  # 3,750 each; a bias of one letter in 16 would be about 10 standard deviations off
    assert all(abs(n - expected) < 0.1 * expected for n in counts.values()), counts


def test_a_delivery_code_names_its_booking_and_ten_random_letters():
    code = delivery_code("X749G9")
    assert code.startswith("OCTO-X749G9-") and len(code) == len("OCTO-X749G9-") + 10
    assert set(code.removeprefix("OCTO-X749G9-")) <= set(_ALPHABET)
