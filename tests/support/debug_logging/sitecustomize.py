"""Loaded into the provider host by the secrets tests: every logger at DEBUG, to stderr.

Put this directory on the host's PYTHONPATH; Python imports ``sitecustomize`` at start-up.
Each record is prefixed ``DEBUG-LOG`` so a test can tell that logging really ran.
"""

import logging
import sys

logging.basicConfig(
    level=logging.DEBUG, stream=sys.stderr, format="DEBUG-LOG %(levelname)s %(name)s: %(message)s"
)
