"""The studies step of ``make demo``: headline figures beside the published ones."""

from __future__ import annotations

from peaceops.studies.demo import run_studies_demo


def test_demo_says_reproduced_beside_published(shipped, tmp_path):
    lines: list[str] = []
    summary = run_studies_demo(lines.append, studies_dir=shipped, out=tmp_path / "charts")
    text = "\n".join(lines)
    assert "N = 3,746" in text
    assert "55.9% of 34" in text and "56% of countries stayed at peace" in text
    assert "34.4% of 61" in text and "34% stayed at peace" in text
    assert "published figure not found" in text
    assert summary["fortna"]["fortna.ros_held_with_pk"] == "match"
    assert summary["hks2013"]["hks2013.police_200_ratio"] == "match"
    assert summary["fortna"]["fortna.codebook_subjects"] == "differs"
    assert len(summary["written"]) == 4 and all(
        (tmp_path / "charts").joinpath(p.rsplit("/", 1)[-1]).exists() for p in summary["written"]
    )
