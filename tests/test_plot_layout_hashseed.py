"""Network layouts do not depend on Python's string hashing (lesson 08 review: a two-word part of the
co-word network swapped its two nodes between kernels, so the same input gave a different figure)."""
import json
import os
import subprocess
import sys

SCRIPT = """
import json, networkx as nx
from zhili.plot import _layout
g = nx.Graph()
g.add_weighted_edges_from([("社区", "居民", 5), ("居民", "议事", 3), ("社区", "议事", 2), ("社区", "网格", 1),
                           ("快递", "企业", 2), ("物业", "业委会", 1), ("业委会", "小区", 1)])
print(json.dumps({n: [round(float(v), 6) for v in xy] for n, xy in sorted(_layout(g, "spring", 42).items())}))
"""


def _positions(hashseed: str) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=hashseed)
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_layout_is_the_same_under_every_string_hash_seed():
    first = _positions("0")
    assert set(first) == {"社区", "居民", "议事", "网格", "快递", "企业", "物业", "业委会", "小区"}
    for seed in ("1", "2", "3", "4", "5", "6"):
        assert _positions(seed) == first, seed
