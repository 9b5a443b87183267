"""Finding operations by id, name, acronym and alias, in English and Russian."""

from __future__ import annotations

import pytest

from peaceops import registry
from peaceops.errors import AmbiguousNameError, NotFoundError


@pytest.fixture
def reg(mini_data):
    return registry.load(mini_data)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("kosovo-kfor-1999", "kosovo-kfor-1999"),
        ("KFOR", "kosovo-kfor-1999"),
        ("kfor", "kosovo-kfor-1999"),
        ("NATO force in Kosovo", "kosovo-kfor-1999"),
        ("Объединённые миротворческие силы в зоне безопасности Приднестровья", "transnistria-jpkf-1992"),
        ("объединенные миротворческие силы в зоне безопасности приднестровья", "transnistria-jpkf-1992"),  # ё and case
        ("миротворцы в Приднестровье", "transnistria-jpkf-1992"),
        ("миротворцев Приднестровья", "transnistria-jpkf-1992"),  # inflected forms, matched by lemma
        ("JPKF Ossetia", "south-ossetia-jpkf-1992"),  # shared acronym narrowed by the host
        ("Kosovo 2004", "kosovo-kfor-1999"),  # any year of deployment, not only the first
        ("Kosovo 1999", "kosovo-kfor-1999"),
    ],
)
def test_find(reg, query, expected):
    assert reg.find(query).id == expected


def test_ambiguous_name_lists_candidates(reg):
    with pytest.raises(AmbiguousNameError) as info:
        reg.find("JPKF")
    assert info.value.candidates == ["south-ossetia-jpkf-1992", "transnistria-jpkf-1992"]


def test_not_found_suggests_closest(reg):
    with pytest.raises(NotFoundError, match="closest: kosovo-kfor-1999"):
        reg.find("KFOOR")


def test_show_ambiguous_exits_2_and_lists(cli, mini_data):
    result = cli("ops", "show", "JPKF", data=mini_data)
    assert result.exit_code == 2
    assert "south-ossetia-jpkf-1992" in result.stderr and "transnistria-jpkf-1992" in result.stderr


def test_names_in_other_un_languages_are_found(mini_data):
    """Names and aliases in French, Spanish, Arabic and Chinese take part in lookup like English and Russian."""
    path = mini_data / "operations" / "kosovo-kfor-1999.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\naliases:\n", "\naliases:\n  fr:\n  - Force de paix au Kosovo\n", 1)
    assert "Force de paix au Kosovo" in text
    path.write_text(text, encoding="utf-8")
    reg = registry.load(mini_data)
    assert reg.find("Force de paix au Kosovo").id == "kosovo-kfor-1999"
