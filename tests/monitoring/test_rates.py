from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.monitoring.conftest import EXPECTED, utc
from trading_floor.monitoring import services
from trading_floor.monitoring.models import AccessEvent, EnterpriseAccessDay, EnterpriseAccessYear
from trading_floor.monitoring.periods import parse_period


def tally(key):
    total = services.period_report(parse_period(key)).total
    return total.denominator, total.participating, total.accessing


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_hand_computed_rates(province, key):
    assert tally(key) == EXPECTED[key]


def test_only_members_of_verified_enterprises_are_recorded(province, db):
    events = db.session.execute(select(AccessEvent.enterprise_id, AccessEvent.kind)).all()
    e = province.e
    # the branch's search folded into its head office; officer, claimant, own storefront: nothing
    assert sorted(events) == sorted([(e[1].id, "search"), (e[2].id, "listing"),
                                     (e[3].id, "search"), (e[1].id, "search"),
                                     (e[7].id, "search"), (e[8].id, "search"),
                                     (e[8].id, "rfq"), (e[9].id, "search")])


def test_one_second_either_side_of_new_year_in_vietnam(province, db):
    days = dict(db.session.execute(
        select(EnterpriseAccessDay.enterprise_id, EnterpriseAccessDay.day)
        .where(EnterpriseAccessDay.enterprise_id.in_([province.e[8].id, province.e[9].id]),
               EnterpriseAccessDay.day < date(2026, 6, 1))).all())
    assert days == {province.e[8].id: date(2025, 12, 31), province.e[9].id: date(2026, 1, 1)}
    e8, e9 = province.e[8].id, province.e[9].id
    lines_2025 = {line.id: line for line in services.enterprise_lines(parse_period("2025"))}
    lines_2026 = {line.id: line for line in services.enterprise_lines(parse_period("2026"))}
    assert lines_2025[e8].accessing and not lines_2025[e9].accessing
    assert lines_2026[e9].accessing


def test_branch_is_not_in_the_denominator_but_its_activity_counts(province):
    lines = {line.id: line for line in services.enterprise_lines(parse_period("2026"))}
    assert province.e[6].id not in lines
    assert lines[province.e[1].id].accessing


def test_archiving_today_leaves_past_periods_unchanged(province, db):
    from trading_floor.catalog.models import Listing, ListingStatusEvent
    from trading_floor.i18n import utcnow

    before_2025, before_q2 = tally("2025"), tally("2025-Q2")
    for listing in db.session.scalars(select(Listing).where(
            Listing.enterprise_id == province.e[1].id)):
        listing.status = "archived"
        db.session.add(ListingStatusEvent(listing_id=listing.id, enterprise_id=listing.enterprise_id,
                                          status="archived", changed_at=utcnow()))
    db.session.commit()
    province.clock.tick(timedelta(minutes=1))
    assert tally("2025") == before_2025 == EXPECTED["2025"]
    assert tally("2025-Q2") == before_q2
    assert tally("2026") == (6, 1, 4)  # the running year is measured now: E1 no longer takes part


def test_deleting_a_listing_with_its_history_is_noticed(province, db):
    from trading_floor.catalog.models import Listing

    assert tally("2026")[1] == 2
    db.session.delete(db.session.scalar(select(Listing).where(
        Listing.enterprise_id == province.e[7].id)))
    db.session.commit()
    assert tally("2026")[1] == 1


def test_monthly_trend_agrees_with_each_month(province):
    trend = services.monthly_trend(24)
    assert len(trend) == 24 and trend[-1].period.key == "2026-11"
    for point in trend:
        total = services.period_report(point.period, group_by=()).total
        assert (point.tally.denominator, point.tally.participating, point.tally.accessing) == (
            total.denominator, total.participating, total.accessing), point.period.key


def test_breakdowns_add_up(province):
    report = services.period_report(parse_period("2025"))
    for dimension in ("commune", "sector", "size"):
        groups = report.groups[dimension]
        assert sum(g.tally.denominator for g in groups) == 6
        assert sum(g.tally.participating for g in groups) == 2
        assert sum(g.tally.accessing for g in groups) == 3
    sectors = {g.key: g.tally for g in report.groups["sector"]}
    # E2 and E4 are garment makers (section C): E4 participates, E2 accesses
    assert (sectors["C"].denominator, sectors["C"].participating, sectors["C"].accessing) == (2, 1, 1)


def test_outreach_lists_who_does_not_count(province):
    period = parse_period("2025")
    names = {line.name for line in services.enterprise_lines(period, missing="participation")}
    assert names == {"Công ty Beta", "Công ty Epsilon", "Công ty Theta", "Công ty Iota"}
    names = {line.name for line in services.enterprise_lines(period, missing="access")}
    assert names == {"Công ty Delta", "Công ty Epsilon", "Công ty Iota"}
    names = {line.name for line in services.enterprise_lines(period, missing="access",
                                                             commune=11983)}
    assert names == {"Công ty Epsilon"}


def test_rebuild_from_raw_events_gives_the_same_rollups(province, db, runner):
    def snapshot():
        return (sorted(db.session.execute(select(EnterpriseAccessDay.enterprise_id,
                                                 EnterpriseAccessDay.day,
                                                 EnterpriseAccessDay.events)).all()),
                sorted(db.session.execute(select(EnterpriseAccessYear.enterprise_id,
                                                 EnterpriseAccessYear.year,
                                                 EnterpriseAccessYear.months)).all()))

    before = snapshot()
    assert before[0]
    db.session.execute(EnterpriseAccessDay.__table__.delete())
    db.session.execute(EnterpriseAccessYear.__table__.delete())
    db.session.commit()
    assert tally("2025")[2] == 0
    result = runner.invoke(args=["monitoring", "rebuild"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert snapshot() == before
    assert tally("2025") == EXPECTED["2025"]


def test_purge_keeps_the_rollups(province, db, runner, app):
    app.config["ACCESS_EVENT_RETENTION_DAYS"] = 365
    result = runner.invoke(args=["monitoring", "purge"])
    assert result.exit_code == 0, result.output
    kept = db.session.scalars(select(AccessEvent.occurred_at)).all()
    assert kept and min(kept) >= utc(datetime(2025, 11, 28))
    assert tally("2025") == EXPECTED["2025"]
    runner.invoke(args=["monitoring", "rebuild"])  # a rebuild keeps the days it cannot see
    assert tally("2025") == EXPECTED["2025"] and tally("2025-Q2") == EXPECTED["2025-Q2"]


def test_projection_month_or_not_at_this_pace(province):
    trend = services.monthly_trend(24)
    flat = services.project(trend[:3], "participation_rate", 0.5)
    assert flat.month is None and not flat.reached

    class P:  # a rate growing 5 points a month from 20%
        def __init__(self, k):
            from trading_floor.monitoring.periods import month

            self.period = month(2026, k)
            self.tally = services.Tally(100, 20 + 5 * k, 0)

    growing = services.project([P(k) for k in range(1, 12)], "participation_rate", 0.9)
    # 75% in November 2026 + 5 points a month: 90% three months later
    assert growing.month == date(2027, 2, 1)


def test_changes_after_a_first_look_are_folded_in(province, db, make_user):
    """The spans catch up with a dissolution, a new verified owner and a new listing."""
    from trading_floor.registry.models import RegistryStatusChange

    assert tally("2026") == EXPECTED["2026"]
    e8 = province.e[8]
    e8.status = "dissolved"
    db.session.add(RegistryStatusChange(enterprise_id=e8.id, status="dissolved"))
    db.session.commit()
    e5 = province.e[5]
    from trading_floor.registry import services as registry
    from trading_floor.registry.models import Claim

    claim = db.session.scalar(select(Claim).where(Claim.enterprise_id == e5.id))
    registry.decide_claim(claim, province.officer, "approved")  # E5 now has a verified account
    province.clock.tick(timedelta(minutes=1))
    # E8 left the denominator; E5's listings (published by import) now count
    assert tally("2026") == (5, 3, 3)
    assert tally("2025") == EXPECTED["2025"]


def test_trend_chart_comes_with_its_data_table(province, client, login_as):
    login_as(province.officer)
    page = client.get("/theo-doi/").get_data(as_text=True)
    assert page.count('<svg class="chart') == 5  # two trends, three breakdowns
    assert "<caption>Diễn biến theo tháng</caption>" in page and "Tháng 11/2026" in page


def test_staff_of_a_verified_enterprise_are_recorded(province, db, make_user):
    from trading_floor.accounts.models import Membership

    staff = make_user(email="nhanvien@dn.vn")
    db.session.add(Membership(user_id=staff.id, enterprise_id=province.e[9].id, role="staff"))
    db.session.commit()
    db.session.expire_all()
    from trading_floor.monitoring.recording import record_access

    assert record_access(staff, "rfq")
    assert not record_access(staff, "storefront", target_enterprise_id=province.e[9].id)
    with pytest.raises(ValueError):
        record_access(staff, "download")
