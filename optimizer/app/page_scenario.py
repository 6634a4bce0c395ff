"""Step 2: a what-if scenario made by editing tables of names (quota lines, release limits, urgency, years, pins,
merges and splits, past years kept), shown as ``validate`` says it and saved as the file the command line runs.

The page starts from a scenario file. A file this page wrote opens with its edits in the tables and is edited
against the file it extends; any other file (the baseline, a shipped what-if) is the one the new scenario extends.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
import yaml

from optimizer import api
from optimizer.app import edits
from optimizer.app.texts import t
from optimizer.app.workspace import Workspace, slug

# What a scenario being edited may raise: the library's refusals and the odd value a table cell holds; each is
# said in one line, never as a traceback.
FAILURES = (api.OptimizerError, ValueError, TypeError, KeyError, OSError)


@st.cache_resource(max_entries=16, show_spinner=False)
def _load(text: str, path: str, outside: bool):
    """A scenario given as its file's text, loaded as if at ``path`` (kept while the same text is asked again)."""
    return api.preview(yaml.safe_load(text), path, allow_outside_paths=outside)


def load(raw: dict, path: Path, outside: bool = False):
    return _load(api.scenario_text(raw), str(path), outside)


def starts(workspace: Workspace, lang: str) -> dict[str, str]:
    """The files to start from, by path: the shipped scenarios by their question, then the workspace's."""
    options = {str(Path(row.file).resolve()): row.question or row.name
               for row in api.shipped_scenarios().itertuples()}
    for row in api.shipped_scenarios(workspace.folder("scenarios")).itertuples():
        options[str(Path(row.file).resolve())] = t("scn_saved_label", lang, name=row.name, question=row.question)
    return options


def page_written(path: Path) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8", errors="replace").startswith(api.PAGE_MARK)


def show(lang: str, workspace: Workspace) -> None:
    st.header(t("step_scenario", lang))
    st.caption(t("scn_intro", lang))
    state = st.session_state
    options = starts(workspace, lang)
    if "scn_open" in state:  # a file just saved opens as the start (before its widget is drawn)
        state["scn_start"] = state.pop("scn_open")
    if state.get("scn_start") not in options:
        chosen = str(Path(state["scenario"]).resolve())
        state["scn_start"] = chosen if chosen in options else next(iter(options))
    start = Path(st.selectbox(t("scn_start", lang), list(options), format_func=options.get, key="scn_start"))
    try:
        own = api.own_keys(start) if page_written(start) else {}
    except FAILURES as error:  # a file that does not read says why, in one line
        st.error(api.one_line(error, lang))
        return
    folder = workspace.folder("scenarios")
    parent = (start.parent / own["extends"]).resolve() if own else start
    tag = slug(start.stem)
    name = st.text_input(t("scn_name", lang), value=str(own.get("name", "")), key=f"scn_name_{tag}")
    question = st.text_input(t("scn_question", lang), value=str(own.get("question", "")),
                             key=f"scn_question_{tag}")
    path = start if own and slug(name) == start.stem else folder / f"{slug(name or 'kich_ban')}.yaml"
    data = own.get("data")
    if not own and Path(state["data"]).resolve() != Path(api.BUNDLED_DATA).resolve():
        data = edits.relative(state["data"], folder)
    base_raw = edits.scenario_keys(edits.relative(parent, folder), path.stem, "", data=data)
    try:
        base, base_inputs = load(base_raw, path)
        current, current_inputs = load({**own, **base_raw, "name": path.stem}, path, outside=True)
    except FAILURES as error:
        st.error(api.one_line(error, lang))
        return
    words = api.vocabulary(current_inputs, lang)
    raw, problem, edited = _edit_tabs(lang, workspace, own, tag, base_raw, (base, base_inputs),
                                      (current, current_inputs), words, path)
    raw = edits.scenario_keys(base_raw["extends"], name or path.stem, question, data=data, **raw)
    _review(lang, workspace, raw, path, problem, edited, own, start)


def _separation(lang, tag, base, inputs) -> str | bool | None:
    """The merged province's question: one pool of quotas, or each former province its part. Shown only where
    units have a former province; the key only where the choice differs from the parent's (false: pooled again)."""
    units = inputs.units
    if "former_province" not in units.columns or not units["former_province"].fillna("").astype(str).str.strip().any():
        return None
    separate = st.checkbox(t("scn_separate", lang), value=base.separate_quotas_by is not None,
                           key=f"scn_separate_{tag}", help=t("scn_separate_help", lang))
    if separate == (base.separate_quotas_by is not None):
        return None
    return "former_province" if separate else False


def _edit_tabs(lang, workspace, own, tag, base_raw, base_case, current_case, words, path):
    """The edit tables, in tabs; the scenario keys they make, the first mistake (or None), the quota table."""
    (base, base_inputs), (current, current_inputs) = base_case, current_case
    tabs = st.tabs([t(f"scn_tab_{k}", lang) for k in ("quota", "release", "order", "pins", "units", "past")])
    keys: dict = {}
    problem = None
    with tabs[2]:
        try:
            keys.update(_order_and_years(lang, tag, base, current, words))
        except FAILURES as error:
            problem = problem or error
    with tabs[0]:
        st.caption(t("scn_quota_help", lang))
        table = api.quota_table(current_inputs, lang)
        # The bounds right after the course, so that a phone shows them without scrolling sideways.
        order = ["year", "target_name", *api.QUOTA_COLUMNS, "block_name", "source", "target", "block"]
        edited = st.data_editor(table, key=f"scn_quota_{tag}", hide_index=True, width="stretch", column_order=order,
                                disabled=[c for c in table.columns if c not in api.QUOTA_COLUMNS],
                                column_config=_quota_columns(lang))
        try:
            years = {k: keys[k] for k in ("years", "add_years") if k in keys}
            years_base = load({**base_raw, **years}, path)[1] if years else base_inputs
            keys["caps"] = edits.caps_changes(api.quota_table(years_base, lang), edited, lang)
        except FAILURES as error:
            problem = problem or error
        keys["separate_quotas_by"] = _separation(lang, tag, base, current_inputs)
    with tabs[1]:
        st.caption(t("scn_release_help", lang))
        limits = st.data_editor(edits.release_table(current.release_limits, words.kinds), key=f"scn_release_{tag}",
                                hide_index=True, disabled=["kind_name", "kind"], column_config={
                                    "kind_name": t("col_kind", lang), "kind": t("col_id", lang),
                                    "limit": st.column_config.NumberColumn(t("col_limit", lang), min_value=0,
                                                                           step=1)})
        keys["release_limits"] = edits.release_changes(base.release_limits, limits)
    with tabs[3]:
        st.caption(t("scn_pins_help", lang))
        try:
            keys["pins"] = _pins(lang, own, tag, words)
        except FAILURES as error:
            problem = problem or error
    with tabs[4]:
        try:
            keys["units"] = _units(lang, own, tag, words)
        except FAILURES as error:
            problem = problem or error
    with tabs[5]:
        keys.update(_past(lang, workspace, own, tag, current))
    return keys, problem, edited


def _quota_columns(lang: str) -> dict:
    number = {c: st.column_config.NumberColumn(t(f"col_{c}", lang), min_value=0, step=1, format="%d")
              for c in api.QUOTA_COLUMNS}
    return {"year": st.column_config.NumberColumn(t("col_year", lang), format="%d"),
            "target_name": t("col_target", lang), "block_name": t("col_block", lang), **number,
            "source": t("col_source", lang), "target": t("col_id", lang), "block": t("col_id", lang)}


def _order_and_years(lang, tag, base, current, words) -> dict:
    order = list(current.tier_order) or list(words.tiers)
    ranks = st.data_editor(edits.tier_table(order, words.tiers), key=f"scn_tiers_{tag}", hide_index=True,
                           disabled=["tier_name", "tier"], column_config={
                               "rank": st.column_config.NumberColumn(t("col_rank", lang), min_value=1, step=1),
                               "tier_name": t("col_tier", lang), "tier": t("col_id", lang)})
    keys: dict = {}
    if (new_order := edits.tier_order(ranks, list(base.tier_order) or list(words.tiers), lang)) is not None:
        keys["tier_order"] = new_order
    base_years = list(base.years)
    kept = st.multiselect(t("scn_years", lang), base_years, default=[y for y in current.years if y in base_years],
                          key=f"scn_years_{tag}")
    added = ", ".join(str(y) for y in current.years if y not in base_years)
    text = st.text_input(t("scn_add_years", lang), value=added, key=f"scn_add_{tag}")
    copy_from = st.selectbox(t("scn_copy_from", lang), base_years, index=len(base_years) - 1, key=f"scn_copy_{tag}")
    keys.update(edits.years_keys(base_years, kept, edits.parse_years(text, lang), copy_from, lang))
    return keys


def _pins(lang, own, tag, words) -> list:
    pins = own.get("pins") if isinstance(own.get("pins"), list) else []
    table = st.data_editor(edits.pins_table(pins, words.units, words.targets), key=f"scn_pins_{tag}",
                           num_rows="dynamic", hide_index=True, width="stretch", column_config={
                               "unit_name": st.column_config.SelectboxColumn(t("col_unit", lang),
                                                                             options=list(words.units.values())),
                               "course_name": st.column_config.SelectboxColumn(
                                   t("col_course", lang), options=sorted(set(words.targets.values()))),
                               "year": st.column_config.NumberColumn(t("col_year", lang), format="%d", step=1),
                               "seats": st.column_config.NumberColumn(t("col_exactly", lang), min_value=0, step=1),
                               "at_least": st.column_config.NumberColumn(t("col_at_least", lang), min_value=0,
                                                                         step=1),
                               "at_most": st.column_config.NumberColumn(t("col_at_most", lang), min_value=0, step=1),
                               "note": st.column_config.TextColumn(t("col_note", lang))})
    return edits.pins_list(table, words.units, words.targets, lang)


def _units(lang, own, tag, words) -> list:
    merges, splits = edits.units_tables(own.get("units", []), words.units)
    names = list(words.units.values())
    date = st.column_config.DateColumn(t("col_date", lang), format="DD/MM/YYYY")
    st.markdown(f"**{t('scn_merge', lang)}**")
    merges = st.data_editor(merges, key=f"scn_merge_{tag}", num_rows="dynamic", hide_index=True,
                            width="stretch", column_config={
                                "unit_name": st.column_config.SelectboxColumn(t("col_unit", lang), options=names),
                                "into_name": st.column_config.SelectboxColumn(t("col_into", lang), options=names),
                                "date": date})
    st.markdown(f"**{t('scn_split', lang)}**")
    splits = st.data_editor(splits, key=f"scn_split_{tag}", num_rows="dynamic", hide_index=True,
                            width="stretch", column_config={
                                "unit_name": st.column_config.SelectboxColumn(t("col_unit", lang), options=names),
                                "date": date, "new_name": st.column_config.TextColumn(t("col_new_name", lang)),
                                "share": st.column_config.NumberColumn(t("col_share", lang), min_value=0.0,
                                                                       max_value=1.0, step=0.05)})
    return edits.units_list(merges, splits, words.units, lang)


def _past(lang, workspace, own, tag, current) -> dict:
    """A reference plan (a result folder, or the copy a saved scenario keeps) and the year re-planning starts."""
    results = {str(p.resolve()): p.name for p in workspace.results()}
    options = {"": t("scn_no_reference", lang)}
    if isinstance(own.get("reference"), str):
        options[own["reference"]] = own["reference"]
    options.update(results)
    if not results:
        st.caption(t("scn_no_results", lang))
    reference = st.selectbox(t("scn_reference", lang), list(options), format_func=options.get,
                             index=1 if own.get("reference") else 0, key=f"scn_reference_{tag}")
    years = [0, *current.years]  # 0: every year is planned
    start = own.get("plan_from_year")
    plan_from = st.selectbox(t("scn_plan_from", lang), years, format_func=lambda y: str(y) if y else "—",
                             index=years.index(start) if start in years else 0, key=f"scn_from_{tag}")
    return {"reference": reference or None, "plan_from_year": plan_from or None}


def _review(lang, workspace, raw, path, problem, edited, own, start) -> None:
    """The change list as ``validate`` says it, or the first mistake in one line; then name, save, download."""
    st.subheader(t("scn_changes", lang))
    reference = raw.get("reference")
    outside = reference in {str(p.resolve()) for p in workspace.results()}
    try:
        if problem is not None:
            raise problem
        scenario, inputs = load(raw, path, outside=outside)
        loaded = api.quota_table(inputs, lang)
        wrong = edits.unexpected_cells(edited, loaded)
        if len(wrong):
            row = wrong.iloc[0]
            st.error(t("scn_unexpected", lang, **{k: row[k] for k in ("column", "target", "year", "edited",
                                                                        "loaded")}))
            problem = ValueError("unexpected")
        lines = api.validation_lines(scenario, inputs, lang, warnings=False)
    except FAILURES as error:
        st.error(api.one_line(error, lang))
        problem = error
        lines = []
    if problem is None:
        warned = [api.phrase("warning", lang, code=w.code, subject=w.subject, message=w.text(lang))
                  for w in inputs.warnings]
        if lines:
            st.code("\n".join(lines), language=None, wrap_lines=True)
        else:
            st.info(t("scn_no_changes", lang))
        with st.expander(t("scn_plan_warnings", lang, count=len(inputs.warnings))):
            st.code("\n".join(warned), language=None, wrap_lines=True)
    left, right = st.columns(2)
    if left.button(t("scn_save", lang), type="primary", key="scn_save"):
        _save(lang, workspace, raw, path, problem, own, start, outside)
    if "scn_saved_path" in st.session_state:
        st.success(t("scn_saved", lang, path=st.session_state.pop("scn_saved_path")))
    if problem is None:
        right.download_button(t("scn_download", lang), data=api.scenario_text(raw).encode("utf-8"),
                              file_name=f"{path.stem}.yaml", mime="text/yaml", key="scn_download")


def _save(lang, workspace, raw, path, problem, own, start, outside) -> None:
    if problem is not None:
        st.error(t("scn_not_saved", lang))
        return
    if not raw.get("name") or not str(raw["name"]).strip():
        st.error(t("scn_need_name", lang))
        return
    if not (own and path == start):
        path = workspace.new_path("scenarios", raw["name"], ".yaml")
    raw = dict(raw)
    try:
        if outside:  # a result folder of the workspace: its plan is copied beside the scenario, which may read it
            copy = path.with_name(f"{path.stem}_reference.csv")
            api.copy_reference(raw["reference"], copy)
            raw["reference"] = copy.name
        api.write_scenario(raw, path)
    except FAILURES as error:
        st.error(api.one_line(error, lang))
        return
    st.session_state["scenario"] = str(path)
    st.session_state["scn_open"] = str(path.resolve())
    st.session_state["scn_saved_path"] = str(path)
    st.rerun()

