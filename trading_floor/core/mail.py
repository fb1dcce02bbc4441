"""Outgoing e-mail: SMTP when configured, otherwise an outbox folder plus the log."""

from __future__ import annotations

import re
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app

from trading_floor.i18n import utcnow


def send_mail(to: str, subject: str, body: str, message_id: str | None = None,
              headers: dict[str, str] | None = None) -> Path | None:
    """Send (or, in the embedded default, write to instance/outbox) one plain-text message.

    Called by the job consumer (trading_floor/jobs): `message_id` is the job's key, so a message
    sent twice after a crash is recognisable as the same message by the receiving side."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    if message_id:
        domain = config["MAIL_SENDER"].rpartition("@")[2].rstrip(">") or "localhost"
        message["Message-ID"] = f"<{re.sub(r'[^A-Za-z0-9._-]', '.', message_id)}@{domain}>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
        return None
    outbox = Path(config["OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    path = outbox / f"{stamp}-{to.replace('@', '_at_')}.eml"
    path.write_bytes(bytes(message))
    current_app.logger.info("E-mail to %s (%s) written to %s\n%s", to, subject, path, body)
    return path
