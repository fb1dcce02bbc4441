"""The content blueprint: public pages and announcements, and the officers' editor."""

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("content", __name__)


@bp.app_template_filter("markdown")
def markdown_filter(text: str):
    """Markdown to sanitised HTML (trading_floor.core.markup), safe to print as it is."""
    from markupsafe import Markup

    from trading_floor.core.markup import render_markdown

    return Markup(render_markdown(text))  # noqa: S704 (sanitised by nh3 just above)


@bp.app_template_filter("excerpt")
def excerpt_filter(text: str, length: int = 200) -> str:
    from trading_floor.core.markup import markdown_excerpt

    return markdown_excerpt(text, length)


@bp.app_template_global("kind_label")
def kind_label_global(kind: str) -> str:
    from trading_floor.content.services import kind_label

    return kind_label(kind)


@bp.app_template_global("announcement_url")
def announcement_url_global(announcement, **kwargs) -> str:
    from trading_floor.content.views.public import announcement_url

    return announcement_url(announcement, **kwargs)


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on their own; the floor serves its own icon."""
    return send_from_directory(current_app.static_folder, "favicon.ico", max_age=7 * 24 * 3600)


from trading_floor.content.views import editor, public  # noqa: E402, F401, I001 (routes on bp)
