"""One consultation document, built once by the core and rendered many ways."""
