"""Outreach fixtures: a small registry to invite, an officer signed in, raw outbox messages."""

from __future__ import annotations

import re
from email import message_from_bytes
from email import policy as email_policy
from pathlib import Path

import pytest

from tests.conftest import post_form


def raw_outbox(app) -> list:
    """The e-mails in the outbox as email.message objects (headers included), oldest first."""
    return [message_from_bytes(path.read_bytes(), policy=email_policy.default)
            for path in sorted(Path(app.config["OUTBOX_DIR"]).glob("*.eml"))]


def link_in(body: str, prefix: str) -> str:
    match = re.search(r"https?://[^/\s]+(" + re.escape(prefix) + r"[^\s]+)", body)
    assert match, f"no {prefix} link in {body!r}"
    return match.group(1)


@pytest.fixture
def registry(db, make_enterprise):
    """Three active enterprises: two with an e-mail in the registry, one without."""
    lotus = make_enterprise(name="Công ty TNHH Sen Hồ", vsic_code="1079")
    lotus.email = "senho@dn.vn"
    longan = make_enterprise(name="HTX Nhãn Lồng", vsic_code="0121")
    longan.email = "nhanlong@dn.vn"
    silk = make_enterprise(name="Công ty May Phố Hiến", vsic_code="1410", size_class="micro")
    silk.email = ""
    db.session.commit()
    return {"lotus": lotus, "longan": longan, "silk": silk}


def create_campaign(client, name: str, query: str = "") -> str:
    """Creates a draft through the form; returns the campaign page's path."""
    url = "/so-cong-thuong/chien-dich/moi" + query
    page = client.get(url)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    subject = re.search(r'name="subject"[^>]*value="([^"]*)"', body)
    assert subject, "the subject field carries the default template"
    import html

    text = re.search(r'<textarea[^>]*name="body"[^>]*>\n?(.*?)</textarea>', body, re.S)
    assert text
    response = post_form(client, url, {"name": name, "subject": html.unescape(subject.group(1)),
                                       "body": html.unescape(text.group(1))})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def start(client, campaign_path: str):
    response = post_form(client, campaign_path + "/gui", {}, form_url=campaign_path)
    assert response.status_code == 302
    return response
