"""An administrator renaming a category: its listings are found by the new name at once."""

from tests.search.conftest import search, titles


def test_renamed_category_is_searchable_by_its_new_name(backend_name, categories, make_listing):
    from trading_floor.catalog.taxonomy import update_category
    from trading_floor.search import indexing

    make_listing("Quả sấy dẻo loại 1", category="trai-cay")
    indexing.reindex()
    assert titles(search("hoa qua nhiet doi")) == []
    fruit = categories["trai-cay"]
    update_category(fruit, "Hoa quả nhiệt đới", "Tropical fruit", fruit.parent_id)
    assert titles(search("hoa qua nhiet doi")) == ["Quả sấy dẻo loại 1"]
