"""The question bank: models, loading from TOML, linting, the cheap header read.

Import the submodules directly; this package imports nothing, so reading the
header for the first screen does not pull in pydantic.
"""
