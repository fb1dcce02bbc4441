"""The Whoosh full rebuild: its own segment writer must write what Whoosh's writer writes, and the
parallel build (forked processes, one segment each) must answer exactly as a build in one process."""

from __future__ import annotations

import pytest

from tests.search.conftest import search

pytestmark = pytest.mark.parametrize("backend_name", ["whoosh"], indirect=True)

HOSTILE = [  # repeated words across sections, long and empty texts, words over 40 letters
    ("Nhãn nhãn NHÃN lồng", "nhãn " * 300, "Trái cây", "Nhãn Lồng"),
    ("Gà", "", "", ""),
    ("Đường đường phèn", "a" * 120 + " đường " + "b" * 41, "Gia vị OCOP 4 sao", "Đường Phố"),
]


def _everything(reader) -> dict:
    """Every term, posting (docnum, weight, value bytes), field length, stored field and
    column value of an index."""
    schema, out = reader.schema, {}
    for name in schema.names():
        field = schema[name]
        if field.indexed:
            for term in reader.lexicon(name):
                matcher = reader.postings(name, term)
                postings = []
                while matcher.is_active():
                    postings.append((matcher.id(), matcher.weight(), matcher.value()))
                    matcher.next()
                info = reader.term_info(name, term)
                out[(name, term)] = (postings, info.weight(), info.max_weight())
            out[("length", name)] = [reader.doc_field_length(d, name)
                                     for d in range(reader.doc_count_all())]
        if field.column_type:
            out[("column", name)] = list(reader.column_reader(name))
    out["stored"] = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
    return out


def test_build_writer_writes_what_whoosh_writes(corpus, db, tmp_path):
    from dataclasses import replace

    from whoosh import index as whoosh_index

    from trading_floor.search import indexing
    from trading_floor.search import whoosh_backend as wb

    listings = list(indexing.listing_documents(db.session))
    listings += [replace(listings[0], listing_id=10_000 + n, title=title, description=description,
                         category_text=category, enterprise_text=enterprise)
                 for n, (title, description, category, enterprise) in enumerate(HOSTILE)]
    enterprises = list(indexing.enterprise_documents(db.session))
    for kind, documents, fields_of in ((wb.LISTINGS, listings, wb._listing_fields),
                                       (wb.ENTERPRISES, enterprises, wb._enterprise_fields)):
        whoosh_dir, build_dir = tmp_path / f"whoosh-{kind}", tmp_path / f"build-{kind}"
        whoosh_dir.mkdir()
        build_dir.mkdir()
        ix = whoosh_index.create_in(str(whoosh_dir), wb._schema(kind), indexname=kind)
        with ix.writer(codec=wb._build_codec()) as writer:
            for document in documents:
                writer.add_document(**fields_of(document))
        compared = 0
        for document in documents:  # the fast split of the prepared text, field by field
            for name, value in fields_of(document).items():
                field = ix.schema[name]
                if isinstance(field.analyzer, wb.VietnameseTokenizer):
                    assert sorted(wb._section_postings(field, value)) == sorted(field.index(value))
                    compared += 1
        assert compared >= len(documents)  # every document has Vietnamese text to split
        whoosh_index.create_in(str(build_dir), wb._schema(kind), indexname=kind)
        segment = wb._build_segment(str(build_dir), kind, documents)
        wb._commit_segments(str(build_dir), kind, [segment])
        expected = _everything(ix.reader())
        built = _everything(whoosh_index.open_dir(str(build_dir), indexname=kind).reader())
        assert built == expected
        assert len(expected["stored"]) == len(documents)


QUERIES = [dict(q="nhãn"), dict(q="nhan"), dict(q='"cà phê"'), dict(q="hưng yên", sort="newest"),
           dict(sort="newest"), dict(q="gạo nếp"), dict(q="cây", sort="price_asc"),
           dict(q="thủ công", cert="OCOP4")]


def _answers():
    from trading_floor.search import service

    answers = []
    for params in QUERIES:
        result = search(**params)
        assert not result.unavailable
        answers.append((result.total, [hit.listing.id for hit in result.hits], result.facets))
    for q in ("nhãn", "hưng yên", "hop tac xa"):
        result = service.search_enterprises(q)
        answers.append((result.total, [enterprise.id for enterprise in result.enterprises]))
    return answers


def test_parallel_build_answers_as_a_build_in_one_process(corpus, monkeypatch):
    from trading_floor.search import indexing
    from trading_floor.search import whoosh_backend as wb

    in_process = _answers()
    monkeypatch.setattr(indexing.get_backend(), "build_procs", 3)
    monkeypatch.setattr(wb, "PARALLEL_BUILD_MIN", 1)  # three listing parts and one of enterprises
    reported = []
    assert indexing.reindex(progress=reported.append) == len(corpus)
    assert sum(reported) == len(corpus)
    backend = indexing.get_backend()
    parts = backend._view(wb.LISTINGS).parts
    assert len(parts) == 3
    # the listing parts are contiguous slices, in order: docnums follow the listing ids
    lid = backend._view(wb.LISTINGS).columns["lid"]
    assert list(lid) == sorted(lid)
    assert _answers() == in_process


@pytest.mark.parametrize("parallel", [False, True])
def test_failed_build_leaves_nothing_and_keeps_the_index(corpus, monkeypatch, parallel):
    from trading_floor.search import indexing
    from trading_floor.search import whoosh_backend as wb

    backend = indexing.get_backend()
    before = sorted(p.name for p in backend.root.iterdir())
    expected = _answers()
    if parallel:
        monkeypatch.setattr(wb, "PARALLEL_BUILD_MIN", 1)
        monkeypatch.setattr(backend, "build_procs", 2)
    failing = corpus["chuoi"].id
    fields = wb._listing_fields

    def broken(document):
        if document.listing_id == failing:
            raise ValueError("broken document")
        return fields(document)

    monkeypatch.setattr(wb, "_listing_fields", broken)
    with pytest.raises((ValueError, RuntimeError), match="broken document"):
        indexing.reindex()
    assert sorted(p.name for p in backend.root.iterdir()) == before
    assert _answers() == expected
