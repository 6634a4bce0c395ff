"""Reading one scenario file's YAML, bounded and unsurprising (a scenario file may come from someone else).

* YAML typing is that of YAML 1.2's core schema: only true/false are booleans, integers are decimal (``030`` is
  thirty, as a person means, not YAML 1.1's octal 24), floats are ordinary, dates stay text. Plain (unquoted)
  values that YAML 1.1 readers type otherwise are refused with their key: yes/no/on/off/y/n, base-60 ``1:30``,
  ``0x``/``0o``/``0b`` numbers and numbers with ``_``; quoting them makes them text.
* A key given twice in one mapping is refused (YAML readers silently keep the last).
* Tags (``!!python/object``, ``!x``) and anchors/aliases (``&a``, ``*a``; a scenario has no need of them, and
  they make "billion laughs" bombs) are refused, as are files over MAX_FILE_BYTES and nesting deeper than
  MAX_DEPTH. These are checked on the parser's event stream, which is not recursive and does not expand aliases,
  before any value is built.
"""


from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Place
from ..files import MISSING, not_a_file, path_problem_vi

# Limits on what one scenario file may make the reader do. A scenario is a page of settings: the shipped ones are
# under 2 kB and nest 5 levels deep, so these leave ample room and still bound time and memory.
MAX_FILE_BYTES = 1_000_000  # per scenario file; larger is not a scenario (and would be slow to read)
MAX_DEPTH = 20  # nested mappings and lists; deeper nesting is a mistake or an attack on the reader
MAX_KEY_TEXT = 60  # characters of a key shown in a message (a key could be a megabyte long)
MAX_DIGITS = 100  # of a plain integer; Python refuses to convert more than 4,300, and no setting needs 100



def _core_resolvers() -> dict:
    """Implicit types as YAML 1.2's core schema has them: null, true/false, decimal integers (``030`` is 30) and
    plain floats. No YAML 1.1 extras (yes/no/on/off booleans, base 60, 0x/0o/0b, ``1_000``, timestamps)."""
    rules = (
        ("tag:yaml.org,2002:null", r"~|null|Null|NULL|", "~nN"),
        ("tag:yaml.org,2002:bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
        ("tag:yaml.org,2002:int", r"[-+]?[0-9]+", "-+0123456789"),  # before float: '30' is an integer
        ("tag:yaml.org,2002:float", r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)", "-+.0123456789"),
    )
    table: dict = {}
    for tag, pattern, first in rules:
        for char in [*first, ""] if tag.endswith("null") else first:  # '' is where the empty scalar is looked up
            table.setdefault(char, []).append((tag, re.compile(rf"(?:{pattern})\Z")))
    return table


class _CoreLoader(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core typing (see ``_core_resolvers``); tags are refused before it runs."""

    yaml_implicit_resolvers = _core_resolvers()


# PyYAML reads a leading zero as octal; the core schema, like a person, reads 030 as thirty.
_CoreLoader.add_constructor("tag:yaml.org,2002:int", lambda loader, node: int(loader.construct_scalar(node), 10))

# Plain (unquoted) scalars that YAML 1.1 readers (PyYAML's safe_load, many editors' and tools' readers) type
# differently from the core schema, so the same file would mean two things. Each is refused with a fix: quote it
# (text) or write it as the core schema reads it. Leading zeros are the exception: 030 means thirty to a person,
# and the core schema agrees, so it is read as 30 rather than refused. Each says (problem, fix) in English and then
# in Vietnamese.
_YAML11_BOOLEANS = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"}
QUOTE_VI = "hoặc đặt trong dấu nháy nếu đó là chữ"
_AMBIGUOUS_NUMBERS = (
    (re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?"),
     "a value with ':' such as 1:30 is a base-60 number (90) in some YAML readers and text in others",
     "write the number itself, or quote it if it is text",
     "giá trị có dấu ':' như 1:30 là số hệ 60 (90) với một số trình đọc YAML nhưng là chữ với trình đọc khác",
     f"hãy ghi chính con số, {QUOTE_VI}"),
    (re.compile(r"[-+]?0(?:x[0-9a-fA-F_]+|o[0-7_]+|b[01_]+)"),
     "a number with a 0x, 0o or 0b prefix is read differently by different YAML readers",
     "write it in decimal digits, or quote it if it is text",
     "số có tiền tố 0x, 0o hoặc 0b được các trình đọc YAML hiểu khác nhau",
     f"hãy ghi số trong hệ thập phân, {QUOTE_VI}"),
    (re.compile(r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)(?:[eE][-+]?[0-9]+)?"),
     "a number with '_' in it is a number in some YAML readers and text in others",
     "write the digits without '_', or quote it if it is text",
     "số có dấu '_' là số với một số trình đọc YAML nhưng là chữ với trình đọc khác",
     f"hãy ghi các chữ số không có dấu '_', {QUOTE_VI}"),
)


def _ambiguity(value: str) -> tuple[str, str, str, str] | None:
    """(problem, fix, problem_vi, fix_vi) when YAML 1.1 and the core schema read this plain scalar differently.
    Numbers are not quoted back: the file may not be a scenario at all (an ``extends`` gone astray), and its values
    stay private."""
    if len(value) > MAX_DIGITS and re.fullmatch(r"[-+]?[0-9]+", value):
        return (f"the number has more than {MAX_DIGITS} digits", "write a number of ordinary size",
                f"số có hơn {MAX_DIGITS} chữ số", "hãy ghi một số có độ lớn bình thường")
    if value in _YAML11_BOOLEANS:
        return (f"'{value}' is a boolean in some YAML readers and text in others",
                "write true/false, or quote it if it is text",
                f"'{value}' là giá trị đúng/sai với một số trình đọc YAML nhưng là chữ với trình đọc khác",
                f"hãy ghi true/false, {QUOTE_VI}")
    for pattern, *words in _AMBIGUOUS_NUMBERS:
        if pattern.fullmatch(value) and (pattern is not _AMBIGUOUS_NUMBERS[2][0] or "_" in value):
            return tuple(words)
    return None


def read_yaml(path: Path) -> Any:
    """The value a scenario file holds, read with core typing after the bounded checks; its keys are not yet
    checked (that is the scenario's business)."""
    if (problem := not_a_file(path)) is not None:
        what = "does not exist" if problem == MISSING else problem
        raise InputError(Place(str(path)), f"the scenario file {what}", "check the path",
                         problem_vi=f"tệp kịch bản {path_problem_vi(what)}", fix_vi="hãy kiểm tra đường dẫn")
    text = _decoded(path, _bounded_bytes(path))
    try:
        _scan(text, path)  # bounded checks on the event stream, before anything is built from it
        raw = yaml.load(text, Loader=_CoreLoader)  # noqa: S506 - a safe loader: no tags get this far
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError(Place(str(path), None if line is None else line + 1), "is not valid YAML",
                         "check indentation and colons", problem_vi="không phải YAML hợp lệ",
                         fix_vi="hãy kiểm tra thụt lề đầu dòng và dấu hai chấm") from None
    return raw


def _bounded_bytes(path: Path) -> bytes:
    with path.open("rb") as file:
        data = file.read(MAX_FILE_BYTES + 1)  # never more, whatever the file claims to be
    if len(data) > MAX_FILE_BYTES:
        raise InputError(Place(str(path)), f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes for a "
                         "scenario", "keep a scenario to its settings and changes, and put tables in CSV files",
                         problem_vi=f"tệp lớn hơn giới hạn {MAX_FILE_BYTES:,} byte cho một kịch bản".replace(",", "."),
                         fix_vi="kịch bản chỉ nên ghi các thiết lập và thay đổi; hãy để các bảng trong tệp CSV")
    return data


def _decoded(path: Path, data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data:  # UTF-16, with or without byte-order mark
        raise InputError(Place(str(path)), "the file is UTF-16, not UTF-8", "save it again as UTF-8",
                         problem_vi="tệp được lưu theo bảng mã UTF-16, không phải UTF-8",
                         fix_vi="hãy lưu lại theo bảng mã UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(Place(str(path), line), "the file is not UTF-8 (perhaps Windows-1258 or another legacy "
                         "code page)", "save it again as UTF-8 so Vietnamese letters survive",
                         problem_vi="tệp không phải UTF-8 (có thể là bảng mã Windows-1258 hoặc một bảng mã cũ khác)",
                         fix_vi="hãy lưu lại theo bảng mã UTF-8 để giữ nguyên chữ tiếng Việt") from None


@dataclass
class _Level:
    """One open mapping or list while scanning: its key path, and the keys seen (mapping) or next index (list)."""

    path: str
    is_mapping: bool
    keys: dict[str, int]  # key -> line it was first given on
    key: str | None = None  # the key whose value comes next (mapping)
    index: int = 0  # the index of the next item (list)


def _scan(text: str, path: Path) -> None:
    """Refuse, with the key path and line, what the loader must never see: tags, anchors and aliases, nesting
    deeper than MAX_DEPTH, a key given twice (YAML readers keep the last and drop the first without a word) and
    plain scalars that YAML readers type differently. PyYAML's parser is not recursive and aliases are events,
    not copies, so this pass is linear in the file whatever it holds."""
    stack: list[_Level] = []
    for event in yaml.parse(text, Loader=_CoreLoader):
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.NodeEvent):
            _scan_node(event, stack, path)


def _scan_node(event: yaml.NodeEvent, stack: list[_Level], path: Path) -> None:
    line = event.start_mark.line + 1
    parent = stack[-1] if stack else None
    if parent is not None and parent.is_mapping and parent.key is None:
        here = _scan_key(event, parent, path, line)
    else:
        here = _child_path(parent)
    place = Place(str(path), line, here or None)
    if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
        raise InputError(place, "anchors and aliases (&name, *name) are not allowed in a scenario file",
                         "write each value out in full", fix_vi="hãy viết đầy đủ từng giá trị",
                         problem_vi="tệp kịch bản không được dùng neo và bí danh của YAML (&tên, *tên)")
    if event.tag is not None:
        raise InputError(place, "YAML tags (!name, !!type) are not allowed in a scenario file",
                         "remove the tag and write a plain value", fix_vi="hãy bỏ thẻ và ghi giá trị thường",
                         problem_vi="tệp kịch bản không được dùng thẻ YAML (!tên, !!kiểu)")
    if isinstance(event, yaml.ScalarEvent) and event.style is None and (found := _ambiguity(event.value)):
        problem, fix, problem_vi, fix_vi = found
        raise InputError(place, problem, fix, problem_vi=problem_vi, fix_vi=fix_vi)
    if isinstance(event, yaml.CollectionStartEvent):
        if len(stack) >= MAX_DEPTH:
            raise InputError(place, f"the file nests more than {MAX_DEPTH} levels of mappings and lists",
                             "flatten it: a scenario needs only a few levels",
                             problem_vi=f"tệp lồng nhau quá {MAX_DEPTH} cấp (ánh xạ và danh sách)",
                             fix_vi="hãy viết gọn lại: một kịch bản chỉ cần vài cấp")
        stack.append(_Level(here, isinstance(event, yaml.MappingStartEvent), {}))


def _child_path(parent: _Level | None) -> str:
    """The key path of the value that comes next in ``parent``, which then moves on to the one after it."""
    if parent is None:
        return ""
    if parent.is_mapping:
        key, parent.key = parent.key, None
        return f"{parent.path}.{key}" if parent.path else str(key)
    index, parent.index = parent.index, parent.index + 1
    return f"{parent.path}[{index}]"


def _scan_key(event: yaml.NodeEvent, parent: _Level, path: Path, line: int) -> str:
    """A mapping key: a plain scalar, given once. Returns its key path; its value comes next."""
    if not isinstance(event, yaml.ScalarEvent):
        raise InputError(Place(str(path), line, parent.path or None), "a key must be a word, not a list or mapping",
                         "write 'key: value'", problem_vi="khóa phải là một từ, không phải danh sách hay ánh xạ",
                         fix_vi="hãy viết theo dạng 'khóa: giá trị'")
    name = " ".join(event.value.splitlines())  # one line in any message
    if len(name) > MAX_KEY_TEXT:
        name = name[:MAX_KEY_TEXT] + "…"
    here = f"{parent.path}.{name}" if parent.path else name
    if event.value in parent.keys:
        raise InputError(Place(str(path), line, here), f"the key is given twice (first on line "
                         f"{parent.keys[event.value]}), and YAML readers would silently keep only one",
                         "keep one of them", fix_vi="hãy giữ lại một",
                         problem_vi=f"khóa được ghi hai lần (lần đầu ở dòng {parent.keys[event.value]}), và trình "
                                    "đọc YAML sẽ chỉ giữ một mà không báo")
    parent.keys[event.value] = line
    parent.key = name
    return here

