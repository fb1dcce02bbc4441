"""Acceptance at sign-up and again after a new version takes effect: a member who has not accepted
the versions in force is sent to accept them before anything else. Registered by wiring.py, so
the accounts views stay as they are."""

from __future__ import annotations

from flask import current_app, redirect, request, url_for
from flask_login import current_user

from trading_floor.legal import services

# pages a member may open before accepting: the documents themselves, signing in and out,
# the Department's pages and the static files
OPEN_ENDPOINTS = {"static", "accounts.login", "accounts.logout", "accounts.signup",
                  "content.about", "content.guide", "content.contact", "content.favicon",
                  "core.privacy"}


def require_acceptance():
    """before_request: redirects to the acceptance page while a version in force is not accepted."""
    endpoint = request.endpoint
    if (endpoint is None or endpoint in OPEN_ENDPOINTS or endpoint.startswith(("legal.", "healthz"))
            or not current_user.is_authenticated):
        return None
    if not services.awaiting_acceptance(current_user):
        return None
    if request.method != "GET":
        return redirect(url_for("legal.accept"))
    return redirect(url_for("legal.accept", next=request.full_path.rstrip("?")))


def accept_at_signup(sender, user, **_extra) -> None:
    """user_logged_in: the sign-up form's box accepts the versions in force there and then."""
    if request and request.endpoint == "accounts.signup" and request.form.get("accept_terms"):
        services.accept(user, services.awaiting_acceptance(user))


def footer_context() -> dict:
    """The operator's information and the rules in force, for every page's footer."""
    config = current_app.config
    operator = {key: config[f"OPERATOR_{key.upper()}"]
                for key in ("name", "address", "phone", "email", "registration",
                            "registration_url")}
    # a function, so that only the pages that show the footer ask the database
    return {"floor_operator": operator,
            "rules_in_force": lambda: services.current(services.RULES)}
