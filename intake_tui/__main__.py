"""`python -m intake_tui` behaves exactly like the `intake` command."""

from intake_tui.cli.main import main

raise SystemExit(main())
