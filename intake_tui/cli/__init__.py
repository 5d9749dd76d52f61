"""The `intake` command: headless commands, and the app when run without one."""
