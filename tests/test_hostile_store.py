"""Hostile inputs to the store and the run (issue 28): each ends in one ``Error:`` line or
a prompt exit, never a traceback, a hang or a database half-written."""
from __future__ import annotations

import quotes
from quotes.extract import clean

HARBOUR = ('Harbour to reopen\n\n"We will reopen the port next week," Mayor Ana Ruiz said on '
           'Monday. (c) 2026 Harbour Wire. All rights reserved.')


def test_a_copyright_notice_ending_a_short_article_leaves_its_quote():
    found = quotes.find_quotes(HARBOUR)
    assert [(q.text, q.speaker) for q in found] == [("We will reopen the port next week", "Ana Ruiz")]
    # the notice itself is still furniture, blanked from the sign on
    assert clean.dropped(HARBOUR) == [(HARBOUR.index("(c)"), len(HARBOUR))]


def test_a_copyright_sign_alone_at_the_start_is_a_notice_paragraph():
    text = HARBOUR.replace("(c) 2026 Harbour Wire. All rights reserved.", "") \
        + "\n\n© 2026 Harbour Wire. All rights reserved."
    notice = text.index("©")
    assert clean.dropped(text) == [(notice, len(text))]
