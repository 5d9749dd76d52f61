"""The Textual-free core: question bank, flow, recommendation engine, reports.

Nothing under this package may import `textual`; a test enforces it.
"""

import os

# Answers are health data: no pydantic plugin installed in the same environment (an
# observability one, say) may watch them being validated. This runs before any
# model is built, since every module that builds one is in this package.
os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
