"""The `faq match` and `faq check` commands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.commands.faq import main
from tests.auxil.paths import DATA


def run(
    argv: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    stdin: str = "",
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main(argv)
    return status, capsys.readouterr().out


def test_match_json(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    questions = "Hund anmelden\n\nAusweis\nWie spät ist es?\nFührerschein umtauschen\n"
    status, out = run(["faq", "match", "--json"], monkeypatch, capsys, questions)
    assert status == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["q"] for r in records] == [
        "Hund anmelden", "Ausweis", "Wie spät ist es?", "Führerschein umtauschen",
    ]
    for record in records:
        assert set(record) == {"q", "id", "score", "suggestions"}
        assert 0 <= record["score"] <= 100
        assert record["score"] == round(record["score"], 1)
    assert records[0]["id"] == "hundeanmeldung"
    assert records[0]["suggestions"] == []
    assert records[1]["id"] is None
    assert records[1]["suggestions"]
    assert records[2]["id"] is None
    assert "Führerschein" in out  # ensure_ascii=False


def test_match_text(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = run(["faq", "match"], monkeypatch, capsys, "Hund anmelden\nAusweis\n")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("Hund anmelden -> hundeanmeldung (")
    assert lines[1].startswith("Ausweis -> - (")
    assert "| suggestions: " in lines[1]


def test_match_with_other_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    synonyms = tmp_path / "synonyms.yaml"
    synonyms.write_text("hund: [wauwau]\n", encoding="utf-8")
    argv = ["faq", "match", "--json", "--faq", str(DATA / "faq_small.yaml")]
    status, out = run([*argv, "--synonyms", str(synonyms)], monkeypatch, capsys, "Wauwau anmelden\n")
    assert status == 0
    assert json.loads(out)["id"] == "hundeanmeldung"


def test_match_reports_a_broken_faq(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Hund\n"))
    assert main(["faq", "match", "--faq", str(DATA / "faq_bad_schema.yaml")]) == 2
    assert "field 'links'" in capsys.readouterr().err


def test_check_exit_codes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out = run(["faq", "check"], monkeypatch, capsys)
    assert status == 0, out
    assert "Result: OK" in out
    for name in ("bad_schema", "duplicate_id", "duplicate_question", "conflict"):
        status, out = run(["faq", "check", "--faq", str(DATA / f"faq_{name}.yaml")], monkeypatch,
                          capsys)
        assert status == 1, name
        assert "Result: FAILED" in out


@pytest.mark.parametrize("argv", [["faq", "--help"], ["faq", "match", "--help"],
                                  ["faq", "check", "--help"]])
def test_help(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 0
    assert "usage:" in capsys.readouterr().out
