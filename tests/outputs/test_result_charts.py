"""The registry of result charts: every registered chart reaches the result folder as PNG and SVG, and nothing else."""

from __future__ import annotations


from tiny import write_instance

from optimizer import api
from optimizer.outputs import result_charts
from optimizer.outputs.render import result_files


def test_every_registered_chart_is_written_as_png_and_svg(tmp_path):
    write_instance(tmp_path)
    files = result_files(api.solve(tmp_path / "scenario.yaml"))
    drawn = {name.rsplit(".", 1)[0] for name in files if name.endswith((".png", ".svg"))}
    assert drawn == {chart.name for chart in result_charts.RESULT_CHARTS}
    assert all(f"{chart.name}.png" in files and f"{chart.name}.svg" in files for chart in result_charts.RESULT_CHARTS)


def test_a_chart_added_to_the_registry_is_drawn_from_its_table(tmp_path, monkeypatch):
    write_instance(tmp_path)
    result = api.solve(tmp_path / "scenario.yaml")
    seen = {}

    def tier_chart(table, inputs, lang="vi"):
        seen["columns"] = list(table.columns)
        return result_charts.coverage_chart(table, inputs, lang=lang)

    extra = result_charts.ResultChart("coverage_again", "cumulative_coverage", tier_chart)
    monkeypatch.setattr(result_charts, "RESULT_CHARTS", (*result_charts.RESULT_CHARTS, extra))
    files = result_files(result)
    assert "coverage_again.png" in files and "coverage_again.svg" in files
    assert "allocated_cumulative" in seen["columns"]
