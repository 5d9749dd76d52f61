"""``python -m intake_tui.web``: the app behind one browser tab of `intake serve`."""

import sys

from intake_tui.web.launch import main

sys.exit(main())
