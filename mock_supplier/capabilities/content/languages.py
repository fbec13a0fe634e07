"""Accept-Language negotiation: which of the languages a product (or the supplier) has a request gets.

No OCTO source says how; these are SPEC-CAPABILITIES §1's recommendations, after RFC 9110
§12.5.4 and RFC 4647 §3.4 ("lookup"):
1. the header is a list of language ranges with optional weights (`fr-CH, fr;q=0.9, *;q=0.5`):
   no weight is 1, `q=0` means "not this one", malformed items are ignored (never a 400);
2. ranges are tried by weight, highest first, in the request's order for equal weights;
3. a range matches an available tag exactly (case-insensitively), else once truncated
   (`fr-CH` finds `fr`), else, for a bare language, any tag with that primary subtag
   (`pt` finds `pt-BR`); `*` is the default language;
4. when nothing matches, or there is no header, the default language (never a 406).
"""
from __future__ import annotations

import re
from functools import lru_cache

_RANGE = re.compile(r"^(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)$")
_WEIGHT = re.compile(r"^[qQ]\s*=\s*(0(\.\d{0,3})?|1(\.0{0,3})?)$")
MAX_RANGES = 32  # more is not a person's preference: the rest is ignored


@lru_cache(maxsize=512)
def preferences(header: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """(the ranges wanted, most wanted first; the ranges refused with q=0), lower case."""
    weighed, refused = [], set()
    for order, item in enumerate(header.split(",")[:MAX_RANGES]):
        tag, *params = [part.strip() for part in item.split(";")]
        if not _RANGE.match(tag) or not all(_WEIGHT.match(p) for p in params):
            continue  # malformed: ignored
        weight = float(params[-1].split("=")[1]) if params else 1.0
        if weight == 0:
            refused.add(tag.lower())
        else:
            weighed.append((-weight, order, tag.lower()))
    return tuple(tag for _, _, tag in sorted(weighed)), frozenset(refused)


def negotiate(header: str | None, available: tuple[str, ...]) -> str:
    """The one tag of `available` (its first is the default) the Accept-Language header gets."""
    default = available[0]
    wanted, refused = preferences((header or "").strip())
    usable = {tag.lower(): tag for tag in available if tag.lower() not in refused}
    for wanted_range in wanted:
        found = _match(wanted_range, usable)
        if found is not None:
            return found
    return default


def _match(wanted: str, usable: dict[str, str]) -> str | None:
    if wanted == "*":  # the default, unless refused: then the next in the listed order
        return next(iter(usable.values()), None)
    if wanted in usable:
        return usable[wanted]
    subtags = wanted.split("-")
    for length in range(len(subtags) - 1, 0, -1):  # RFC 4647 lookup: fr-CH-x -> fr-CH -> fr
        if "-".join(subtags[:length]) in usable:
            return usable["-".join(subtags[:length])]
    if len(subtags) == 1:  # a bare language: any of its regional variants
        return next((tag for lower, tag in usable.items() if lower.split("-")[0] == wanted), None)
    return None
