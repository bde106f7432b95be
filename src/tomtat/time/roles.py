"""What each date expression is (issue 17): an event's date, when something was said, what came before in a
"sau khi" clause, a deadline, or a date that never dates a sentence (a birth year, a law's year, a comparison
baseline, a term of office, a registration or make year, a futures contract's month, a report's period, a
yearly date, a bound "trước năm 2014", a founding year as background).

The rules are data (data/roles.txt): regular expressions over the expression's context written as
BEFORE⟨EXPRESSION⟩AFTER, lowercased, tried in file order; the first that matches names the role, and an
expression no rule matches is an event. stage.choose then says which expression dates the sentence.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .data import role_blocks

EVENT, STATEMENT, PRECEDING, DEADLINE = "event", "statement", "preceding", "deadline"
CONTRAST = "contrast"   # the second part of a contrast: the event's date, ahead of an earlier event date
DATING = (EVENT, CONTRAST, STATEMENT, PRECEDING, DEADLINE)      # the roles that date a sentence
ROLES = (*DATING, "birth", "name", "baseline", "term", "registration", "contract", "report", "recurring", "bound",
         "background", "description", "concession")

BEFORE_CHARS = 80
AFTER_CHARS = 120
FAR_CHARS = 160
NEXT_DATE = "⟦"      # ends AFTER when the next date expression of the sentence begins there
_CLAUSE_BREAK = re.compile(r"[,;:.!?\n](?!\d)")
# A period after a one-letter word is an initial ("chị Kim A. cho hay"), not a sentence's end.
_SENTENCE_END = re.compile(r"(?<![\s(]\w)\.(?=\s|$)|[!?](?=\s|$)|\n")
_FAR_BREAK = re.compile(r"[;!?](?!\d)|(?<![\s(]\w)\.(?=\s|$)|\n")


@lru_cache(maxsize=None)
def rules() -> tuple[tuple[str, frozenset[str] | None, str, re.Pattern, tuple[str, ...]], ...]:
    """(role, kinds or None, side, regex, needed) per block of roles.txt; needed: words one of which every match
    contains (`needed_words`), so a context holding none of them is passed over without running the regex."""
    out = []
    for role, kinds, before, body in role_blocks():
        if role not in ROLES:
            raise ValueError(f"roles.txt: unknown role {role!r}")
        regex = re.compile(body, re.VERBOSE)
        out.append((role, kinds, before, regex, needed_words(regex)))
    return tuple(out)


def needed_words(regex: re.Pattern) -> tuple[str, ...]:
    """Strings one of which is in every text the regex finds a match in, read off its parsed form ((): no such
    test). Of the choices the pattern allows (any literal run it cannot match without, or a group's), the one
    whose shortest string is longest, not counting the ⟨ ⟩ that every context holds. Case-sensitive patterns
    only (the contexts are lowercased)."""
    if regex.flags & re.IGNORECASE:
        return ()
    try:
        from re import _constants as c
        from re import _parser as parser
    except ImportError:   # Python < 3.11
        import sre_constants as c
        import sre_parse as parser

    def score(option: frozenset[str] | None) -> int:
        return -1 if not option else min(len(w.replace("⟨", "").replace("⟩", "")) for w in option)

    def need(items) -> frozenset[str] | None:
        options: list[frozenset[str] | None] = []
        run = ""
        for op, av in items:
            if op is c.LITERAL:
                run += chr(av)
                continue
            if run:
                options.append(frozenset({run}))
                run = ""
            if op is c.SUBPATTERN:
                options.append(need(av[-1]))
            elif op is c.BRANCH:
                alts = [need(alt) for alt in av[1]]
                options.append(None if any(a is None for a in alts) else frozenset().union(*alts))
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)) and av[0] >= 1:
                options.append(need(av[2]))
        if run:
            options.append(frozenset({run}))
        best = max(options, key=score, default=None)
        return best if score(best) > 0 else None

    found = need(parser.parse(regex.pattern, regex.flags))
    return tuple(sorted(found)) if found else ()


def context(lower: str, start: int, end: int, lo: int, hi: int, next_follows: bool = False) -> tuple[str, str, str]:
    """(BEFORE⟨EXPRESSION⟩, AFTER, FAR⟨EXPRESSION⟩) for the expression lower[start:end]; lo/hi bound the context
    (the previous and next expressions, or the sentence). AFTER ends with NEXT_DATE when next_follows (hi is
    where the next date expression begins) and nothing ends the sentence before it. FAR is the text before the
    expression back to lo (at most FAR_CHARS), cut only where a sentence or a ";" ends."""
    a = max(lo, start - BEFORE_CHARS)
    before = lower[a:start]
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(before)]
    if cuts:
        before = before[cuts[-1]:]
    after = lower[end:min(hi, end + AFTER_CHARS)]
    stop = _SENTENCE_END.search(after)
    if stop is not None:
        after = after[:stop.start()]
    elif next_follows and hi <= end + AFTER_CHARS:
        after += NEXT_DATE
    far = lower[max(lo, start - FAR_CHARS):start]
    cuts = [m.end() for m in _FAR_BREAK.finditer(far)]
    if cuts:
        far = far[cuts[-1]:]
    expression = f"⟨{lower[start:end]}⟩"
    return before + expression, after, far + expression


@lru_cache(maxsize=None)
def rules_for(kind: str) -> tuple[tuple[str, frozenset[str] | None, str, re.Pattern, tuple[str, ...]], ...]:
    """The rules that apply to expressions of this kind, in file order."""
    return tuple(r for r in rules() if r[1] is None or kind in r[1])


@lru_cache(maxsize=8192)
def role_of(kind: str, ctx: tuple[str, str, str]) -> str:
    """The role the first matching rule gives (ctx from `context`), else event. (Cached: a story's articles repeat
    each other's sentences, and so the same contexts.)"""
    head, after, far = ctx
    whole = None
    for role, _, side, regex, needed in rules_for(kind):
        if side == "before":
            text = head
        elif side == "far":
            text = far
        else:
            if whole is None:
                whole = head + after
            text = whole
        if needed and not any(map(text.__contains__, needed)):
            continue
        if regex.search(text):
            return role
    return EVENT
