"""The one filter and the one summary."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qxmap import schema
from qxmap.dataset import load_dataset
import numpy as np
import pandas as pd

from qxmap.filtering import CODED, RoadFilter, coded, summarize
from qxmap.synthetic import write_synthetic


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return load_dataset(write_synthetic(tmp_path_factory.mktemp("syn") / "syn", 300)).tracked()


@settings(max_examples=60, deadline=None)
@given(phases=st.sets(st.sampled_from(schema.PHASES)), statuses=st.sets(st.sampled_from(schema.STATUSES)),
       categories=st.sets(st.sampled_from(schema.CATEGORIES)),
       text=st.sampled_from(["", "1", "合成道路1", "SYNTHETIC ROAD 2", "出入口", "nothing"]))
def test_filter_matches_a_plain_reading_of_each_record(synthetic, phases, statuses, categories, text):
    f = RoadFilter.of(phases, statuses, categories, text)
    got = set(f.apply(synthetic)["id"])
    expected = set()
    for rec in synthetic.to_dict("records"):
        if phases and rec["phase"] not in phases:
            continue
        if statuses and rec["status"] not in statuses:
            continue
        if categories and rec["category"] not in categories:
            continue
        names = f"{rec['name_zh']} {rec['name_en'] or ''} {rec['id']}".casefold()
        if text and text.casefold() not in names:
            continue
        expected.add(rec["id"])
    assert got == expected


def test_summary_adds_up(synthetic):
    f = RoadFilter.of(phases=["underway", "by_2018"])
    rows = f.apply(synthetic)
    s = summarize(rows)
    assert s.count == len(rows)
    assert sum(r.count for r in s.by_status) == s.count
    assert sum(r.count for r in s.by_phase) == s.count
    assert sum(r.km for r in s.by_status) == pytest.approx(s.km)
    assert s.km == pytest.approx(rows["length_km"].sum())
    assert s.unmapped == int(rows.geometry.isna().sum())
    assert {r.code for r in s.by_phase if r.count} == {"underway", "by_2018"}


def test_describe_in_words():
    f = RoadFilter.of(phases=["start_this_year"], statuses=["under_construction"], categories=["external"])
    assert f.describe("zh") == "今年动工 · 在建 · 外联道路"
    assert f.describe("en") == "To start this year · Under construction · External road"
    assert RoadFilter().describe("zh") == "全部道路与出入口"
    assert "名称含“S358”" in RoadFilter.of(text="S358").describe("zh")


def test_unknown_codes_are_refused_and_settings_round_trip():
    with pytest.raises(ValueError, match="unknown phase"):
        RoadFilter.of(phases=["phase9"])
    f = RoadFilter.of(["underway"], ["planned"], ["town"], "路")
    assert RoadFilter.from_dict(f.to_dict()) == f
    assert RoadFilter.from_dict({"phases": ["gone", "underway"]}) == RoadFilter.of(["underway"])


_VALUES = {column: st.sampled_from(list(order) + [None, "unknown", ""]) for column, order in CODED.items()}


@settings(max_examples=80, deadline=None)
@given(rows=st.lists(st.tuples(_VALUES["phase"], _VALUES["status"], _VALUES["category"],
                               st.one_of(st.none(), st.floats(0, 50))), max_size=40),
       phases=st.sets(st.sampled_from(schema.PHASES)), statuses=st.sets(st.sampled_from(schema.STATUSES)),
       categories=st.sets(st.sampled_from(schema.CATEGORIES)))
def test_codes_give_the_rows_and_sums_the_values_give(rows, phases, statuses, categories):
    """The session's fast path (columns as codes, kept between filters; the summary's
    columns as categories) passes the same rows and adds up the same as the values read
    as text, whatever the values (None, unknown words) and the filter."""
    records = pd.DataFrame(rows or None, columns=["phase", "status", "category", "length_km"], dtype=object)
    f = RoadFilter.of(phases, statuses, categories)
    codes = {column: coded(records[column], column) for column in CODED}
    plain = f.mask_array(records)
    assert plain.tolist() == f.mask(records).tolist()
    assert f.mask_array(records, codes=codes).tolist() == plain.tolist()
    frame = pd.DataFrame({"status": pd.Categorical.from_codes(codes["status"], categories=list(schema.STATUSES)),
                          "phase": pd.Categorical.from_codes(codes["phase"], categories=list(schema.PHASES)),
                          "length_km": pd.to_numeric(records["length_km"]).to_numpy(dtype=float)})
    assert summarize(frame, plain) == summarize(records, plain)
    kept = records[plain]
    by_status = summarize(records, plain).by_status
    assert [r.count for r in by_status] == [int((kept["status"] == s).sum()) for s in schema.STATUSES]
    assert np.allclose([r.km for r in by_status],
                       [pd.to_numeric(kept.loc[kept["status"] == s, "length_km"]).fillna(0).sum()
                        for s in schema.STATUSES])
