"""Vietnamese alphabetical order: letters ă â đ ê ô ơ ư are letters of their own, tones come second."""

import random

from trading_floor.core.collation import commune_sort_key, vietnamese_sort_key


def test_vietnamese_alphabet_order():
    expected = ["A Sào", "An", "Ay", "Ăn", "Ân", "Bắc", "Dương", "Đông", "Ô", "Ơn", "Uy", "Ưu"]
    shuffled = expected[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=vietnamese_sort_key) == expected


def test_tones_come_after_letters_in_their_order():
    expected = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Man"]
    assert sorted(reversed(expected), key=vietnamese_sort_key) == expected


def test_communes_sort_by_their_name_not_their_type():
    names = ["Phường Phố Hiến", "Xã  Bắc Đông Quan", "Xã Ân Thi", "Xã A Sào", "Xã Đông Hưng",
             "Xã Dương Quang"]
    assert sorted(names, key=commune_sort_key) == [
        "Xã A Sào", "Xã Ân Thi", "Xã  Bắc Đông Quan", "Xã Dương Quang", "Xã Đông Hưng",
        "Phường Phố Hiến"]


def test_every_list_of_communes_is_in_vietnamese_order(app):
    from trading_floor.registry.services import communes

    names = [unit.name for unit in communes()]
    assert len(names) == 104
    assert names.index("Xã A Sào") < names.index("Xã  Bắc Đông Quan") < names.index("Xã Đông Hưng")
    assert names.index("Xã Ân Thi") < names.index("Xã Bình Định")
    assert names == sorted(names, key=commune_sort_key)
