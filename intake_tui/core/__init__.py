"""The Textual-free core: question bank, flow, recommendation engine, reports.

Nothing under this package may import `textual`; a test enforces it.
"""
