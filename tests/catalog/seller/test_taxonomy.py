"""The shipped taxonomy, the categories file and the administrator's page."""

from sqlalchemy import func, select

from tests.conftest import post_form
from trading_floor.catalog.models import Category
from trading_floor.catalog.taxonomy import seed_taxonomy


def by_slug(db, slug):
    return db.session.scalar(select(Category).where(Category.slug == slug))


def test_seed_is_idempotent_and_keeps_admin_renames(db):
    added = seed_taxonomy()
    assert added > 80
    nhan = by_slug(db, "nhan")
    assert nhan.parent.slug == "trai-cay" and nhan.parent.parent.slug == "nong-san"
    roots = db.session.scalars(select(Category.slug).where(Category.parent_id.is_(None))).all()
    for slug in ("nong-san", "thuc-pham-che-bien", "ocop-dac-san", "det-may", "da-giay",
                 "do-go-noi-that", "vat-lieu-xay-dung", "co-khi", "dien-dien-tu",
                 "hoa-chat-nhua", "bao-bi-in-an", "thu-cong-my-nghe", "dich-vu"):
        assert slug in roots
    nhan.name_vi = "Nhãn lồng"
    db.session.commit()
    assert seed_taxonomy() == 0
    assert by_slug(db, "nhan").name_vi == "Nhãn lồng"


def test_cli_categories_import(db, runner, tmp_path):
    seed_taxonomy()
    path = tmp_path / "dm.csv"
    # children before their parent, an update of an existing category
    path.write_text("slug,parent_slug,name_vi,name_en\r\n"
                    "nhan-say,dac-san-kho,Long nhãn sấy,Dried longan\r\n"
                    "dac-san-kho,ocop-dac-san,Đặc sản khô,Dried specialities\r\n"
                    "nhan,trai-cay,Nhãn lồng,Longan\r\n", encoding="utf-8-sig")
    result = runner.invoke(args=["catalog", "categories", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "thêm 2, cập nhật 1" in result.output
    assert by_slug(db, "nhan-say").parent.slug == "dac-san-kho"
    assert by_slug(db, "nhan").name_vi == "Nhãn lồng"


def test_cli_categories_import_refuses_bad_rows(db, runner, tmp_path):
    seed_taxonomy()
    before = db.session.scalar(select(func.count()).select_from(Category))
    path = tmp_path / "dm.csv"
    path.write_text("slug,parent_slug,name_vi,name_en\n"
                    "Trái-Cây,,Trái cây,\n"
                    "a,b,A,\n"
                    "b,a,B,\n"
                    "moi,khong-co,Mới,\n"
                    "tot,,Tốt,\n"
                    "tot,,Tốt 2,\n"
                    "khong-ten,,,\n", encoding="utf-8")
    result = runner.invoke(args=["catalog", "categories", "import", str(path)])
    assert result.exit_code == 1
    for expected in ("dòng 2, cột slug", "dòng 3, cột parent_slug: «b»: danh mục cha tạo thành "
                     "vòng lặp", "dòng 5, cột parent_slug", "dòng 7, cột slug",
                     "dòng 8, cột name_vi"):
        assert expected in result.output
    assert db.session.scalar(select(func.count()).select_from(Category)) == before


def test_admin_adds_renames_and_moves(client, db, login_as):
    seed_taxonomy()
    login_as("admin")
    page = client.get("/quan-tri/danh-muc/").get_data(as_text=True)
    assert "Nông sản" in page and "nhan" in page
    trai_cay = by_slug(db, "trai-cay")
    post_form(client, "/quan-tri/danh-muc/", {"add-slug": "na", "add-name_vi": "Na",
                                             "add-name_en": "Custard apple",
                                             "add-parent": str(trai_cay.id)})
    na = by_slug(db, "na")
    assert na.parent_id == trai_cay.id
    response = post_form(client, "/quan-tri/danh-muc/", {"add-slug": "Na Dai", "add-name_vi": "x",
                                                         "add-parent": ""})
    assert "chữ thường" in response.get_data(as_text=True)
    rau = by_slug(db, "rau-cu")
    post_form(client, f"/quan-tri/danh-muc/{na.id}", {"name_vi": "Na dai", "name_en": "",
                                                      "parent": str(rau.id)})
    db.session.expire_all()
    assert (na.name_vi, na.parent_id, na.slug) == ("Na dai", rau.id, "na")
    # a category cannot move under its own child
    nong_san = by_slug(db, "nong-san")
    post_form(client, f"/quan-tri/danh-muc/{nong_san.id}", {"name_vi": "Nông sản",
                                                            "parent": str(rau.id)})
    db.session.expire_all()
    assert nong_san.parent_id is None


def test_categories_page_is_admin_only(client, db, login_as):
    login_as("officer")
    assert client.get("/quan-tri/danh-muc/").status_code == 403
