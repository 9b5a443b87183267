"""The offline world map and the area SVG: decoding, lookup, fitting, drawing, determinism."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from report_helpers import TESTS

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def mini():
    from peaceops import registry

    return registry.load(TESTS / "data" / "mini_registry")


def test_world_decodes_every_country_of_the_vendored_file():
    from peaceops.maps import world

    countries = world().countries
    assert len(countries) == 177
    serbia = world().find("Serbia")
    lon_min, lat_min, lon_max, lat_max = serbia.bbox
    assert lon_min < 20.5 < lon_max and lat_min < 44.8 < lat_max  # Belgrade
    # a decoded ring is closed (the arcs chain end to start)
    ring = serbia.polygons[0][0]
    assert ring[0] == pytest.approx(ring[-1])


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Bosnia and Herzegovina", "Bosnia and Herz."),
        ("Democratic Republic of the Congo", "Dem. Rep. Congo"),
        ("Kosovo", "Kosovo"),
        ("côte d’ivoire", "Côte d'Ivoire"),
        ("Transnistria", None),  # not a country of Natural Earth
    ],
)
def test_country_lookup_by_registry_spelling(name, expected):
    from peaceops.maps import world

    found = world().find(name)
    assert (found.name if found else None) == expected


def test_area_svg_draws_each_point_and_highlights_the_host(mini):
    from peaceops.maps import area_places, area_svg

    op = mini.get("kosovo-kfor-1999")
    root = ET.fromstring(area_svg(op, width=600, height=400))
    assert root.get("viewBox") == "0 0 600 400"
    assert root.find(f"{SVG}title").text == "Area of operation: Kosovo Force"
    points = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]
    assert len(points) == len([p for p in area_places(op) if p.drawn]) == 1
    hosts = {p.get("data-name") for p in root.iter(f"{SVG}path") if p.get("class") == "country host"}
    assert hosts == {"Serbia", "Kosovo"}  # host state and territory
    radius = [p for p in root.iter(f"{SVG}path") if p.get("class") == "radius"]
    assert len(radius) == 1
    # the 80 km circle lies inside the canvas: the frame was fitted to it with a margin
    numbers = [
        float(v)
        for v in radius[0].get("d").replace("M", " ").replace("L", " ").replace("Z", " ").replace(",", " ").split()
    ]
    xs, ys = numbers[0::2], numbers[1::2]
    assert 0 < min(xs) and max(xs) < 600 and 0 < min(ys) and max(ys) < 400


def test_area_svg_is_deterministic_and_ids_are_per_operation(mini):
    from peaceops.maps import area_svg

    a = area_svg(mini.get("kosovo-kfor-1999"))
    assert a == area_svg(mini.get("kosovo-kfor-1999"))
    assert 'id="map-kosovo-kfor-1999-clip"' in a
    assert 'id="map-south-ossetia-jpkf-1992-clip"' in area_svg(mini.get("south-ossetia-jpkf-1992"))


def test_area_svg_snapshot(mini, snapshot):
    from peaceops.maps import area_svg

    snapshot("kosovo-kfor-1999.map.svg", area_svg(mini.get("kosovo-kfor-1999")))


def test_without_points_the_host_is_shown(mini):
    from peaceops.maps import area_frame, area_svg

    op = mini.get("transnistria-jpkf-1992")  # no area in the fixture
    frame, fitted = area_frame(op, 640, 420)
    assert fitted == "host"
    assert frame.lon_min < 28.8 < frame.lon_max and frame.lat_min < 47.0 < frame.lat_max  # Chișinău
    root = ET.fromstring(area_svg(op))
    assert not [c for c in root.iter(f"{SVG}circle") if c.get("class") == "point"]
    assert "No area point is recorded" in root.find(f"{SVG}desc").text


def test_nothing_to_draw_is_an_error_saying_what_to_add(mini):
    from peaceops.maps import MapUnavailableError, area_svg
    from peaceops.registry.models import Host

    op = mini.get("transnistria-jpkf-1992")
    nowhere = op.model_copy(update={"host": Host(state="Atlantis", sources=["moscow-agreement-1992-07-21"])})
    with pytest.raises(
        MapUnavailableError,
        match=r"add an area entry with lat, lon and radius_km to data/operations/transnistria-jpkf-1992.yaml",
    ):
        area_svg(nowhere)


def test_nearby_points_share_one_label():
    from peaceops import registry
    from peaceops.maps import area_svg

    op = registry.load().get("lebanon-mnf-1982")  # four points within a few kilometres of each other in Beirut
    root = ET.fromstring(area_svg(op))
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "place-labels")
    assert [t.text for t in group.iter(f"{SVG}text") if t.get("fill") != "none"] == ["1–4"]
