"""Summary workers never outlive the process that forked them, even when it is killed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

CHILD = textwrap.dedent(
    """
    import os, sys
    from datetime import UTC, datetime
    from storyline import summary_jobs
    from storyline.models import Article, CleanArticle, Origin
    from storyline.summarize import Summarizer

    text = "The Selwyn ferry sailed again on Friday after the storm damaged its pier."
    article = Article.create(raw_id="r", format="text", outlet="Bay Radio", title="Ferry back",
                             text=text, origin=Origin("bay.txt"),
                             published=datetime(2025, 5, 2, tzinfo=UTC))
    runner = summary_jobs.ChunkRunner(Summarizer(), params={}, jobs=2)
    list(runner.results([[("s1", [CleanArticle(article, text, ())], {})]]))
    print(" ".join(str(pid) for pid in runner._executor._processes), flush=True)
    os._exit(9)  # killed: no shutdown, no cleanup
    """
)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:  # a file, not a pipe: a leftover worker would hold a pipe open
        child = subprocess.run([sys.executable, "-c", CHILD], stdout=stdout, stderr=stdout)
    code = child.returncode
    assert code == 9, out.read_text()
    workers = [int(pid) for pid in out.read_text().split()]
    assert len(workers) == 2
    for _ in range(100):  # the kernel signals them at once; give them time to exit
        if not any(_alive(pid) for pid in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
