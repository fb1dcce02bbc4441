"""The demo floor has a superseded rules version, the version in force and the privacy notice."""

from trading_floor.legal import services
from trading_floor.legal.demo import build_legal_demo
from trading_floor.legal.models import PRIVACY, RULES
from trading_floor.registry import demo as registry_demo


def test_demo_rules_have_a_superseded_version_and_the_demo_buyer_accepted_the_current(
        app, client, db, make_user):
    buyer = make_user(email=registry_demo.BUYER_EMAIL)
    build_legal_demo(echo=lambda line: None, accepted_by=(registry_demo.BUYER_EMAIL,))
    versions = services.versions(RULES)
    assert [services.status_of(v) for v in versions] == ["current", "superseded"]
    assert services.current(PRIVACY) is not None
    assert services.awaiting_acceptance(buyer) == []
    page = client.get("/quy-che-hoat-dong")
    assert page.status_code == 200 and "Phiên bản 1" in page.get_data(as_text=True)
    build_legal_demo(echo=lambda line: None)  # a second run adds nothing
    assert len(services.versions(RULES)) == 2
