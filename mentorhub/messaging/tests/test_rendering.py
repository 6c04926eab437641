"""Messages are text: markup comes out escaped, only http(s) links become links."""

from __future__ import annotations

import re

from mentorhub.messaging.rendering import message_html


def test_script_tags_are_escaped():
    html = message_html("<script>alert('x')</script><b>bold</b>")
    assert "<script" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_javascript_urls_never_become_links():
    for text in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "click javascript:void(0) now"):
        assert "<a " not in message_html(text), text


def test_link_href_is_always_http_https_or_mailto():
    html = message_html(
        'see https://example.org/a?b=1&c=2 or www.example.com or "><img src=x onerror=alert(1)>'
        " javascript:alert(1)//example.com mail me@example.org"
    )
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("http://", "https://", "mailto:")) for h in hrefs)
    assert "<img" not in html


def test_links_open_without_referrer_or_opener():
    html = message_html("https://example.org/page")
    assert (
        '<a href="https://example.org/page" rel="nofollow noopener noreferrer">'
        "https://example.org/page</a>" in html
    )


def test_line_breaks_are_kept():
    assert message_html("one\ntwo\r\nthree") == "one<br>two<br>three"


def test_attribute_breaking_quotes_stay_text():
    html = message_html('https://example.org/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html
