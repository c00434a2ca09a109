"""The README's "From Python" example runs as written, and prints what its comment says."""

import os
import re

from shared_data import ROOT


def section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n### {title}\n")
    end = re.search(r"\n##+ ", text[start + 1 :])
    return text[start : start + 1 + end.start()] if end else text[start:]


def test_readme_python_example(capsys):
    sec = section("From Python")
    assert "pip install ./bindings/python" in sec
    blocks = re.findall(r"```python\n(.*?)```", sec, re.S)
    assert len(blocks) == 1
    code = blocks[0]
    lines = code.strip("\n").split("\n")
    assert len(lines) == 5, lines
    expected = [m.group(1).strip() for line in lines for m in [re.search(r"print\(.*\)\s*#\s*(.*)$", line)] if m]
    assert expected, "the example prints something and says what"
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        exec(compile(code, "README.md (From Python)", "exec"), {})
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().out.splitlines() == expected
