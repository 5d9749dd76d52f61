"""A clinic's table of expected outcomes for its own bank, checked with recommend()."""
