"""Search page amplification (issue 15): the page echoes only the query as cut, 200 characters,
and the known parameters, short."""


def test_a_huge_query_is_echoed_only_as_cut(client, db):
    from trading_floor.search.service import MAX_QUERY_CHARS

    query = "nhãn" + "x" * 10_000
    junk = "&".join(f"junk{n}={'y' * 500}" for n in range(50))
    response = client.get(f"/tim-kiem?q={query}&price_min={'9' * 3000}&{junk}")
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    assert "x" * (MAX_QUERY_CHARS + 1) not in page and "9" * 41 not in page
    assert "junk" not in page and "y" * 100 not in page
    assert len(page) < 200_000
