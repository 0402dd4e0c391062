"""What bench/run.py and bench/burst.py share."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def probe(env, *args):
    """Runs bench/probe.py and returns its JSON."""
    out = subprocess.run(
        [PYTHON, "bench/probe.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.split("JSON ", 1)[1])
