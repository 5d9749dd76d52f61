"""A Document as one self-contained HTML file: inline CSS, print styles, no scripts.

Built from the model, not from Markdown: every text goes through ``html.escape``
(after control characters are shown escaped), and nothing is loaded from elsewhere,
so the file opens the same offline, in any browser, and prints on A4 or Letter.
"""

from __future__ import annotations

from html import escape

from intake_tui.core.document.model import (
    Badge,
    Block,
    Bullets,
    Callout,
    Document,
    Facts,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)
from intake_tui.core.document.text import plain

# Margins that fit A4 (210 x 297 mm) and Letter (216 x 279 mm) alike: the printer's
# paper decides the size, the content width stays under both.
STYLE = """
:root { color-scheme: light; --go: #1b6e3a; --wait: #8a5a00; --stop: #a61b1b; --info: #1f4e8c; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  color: #1d1d1d; margin: 2rem auto; max-width: 46rem; padding: 0 1rem; }
h1 { font-size: 1.6em; margin: 0 0 .6em; }
h2 { font-size: 1.25em; margin: 1.4em 0 .4em; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.05em; margin: 1.1em 0 .3em; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
p { margin: .4em 0; }
p.quiet { font-style: italic; color: #555; font-size: .95em; }
ul { margin: .3em 0 .6em; padding-left: 1.4em; }
.badge { display: inline-block; padding: .35em .8em; border-radius: .4em; color: #fff;
  font-weight: 700; margin: .4em 0; }
.callout { border-left: .35em solid; padding: .5em .8em; margin: .8em 0; background: #f6f6f6; }
.badge.go { background: var(--go); } .callout.go { border-color: var(--go); }
.badge.wait { background: var(--wait); } .callout.wait { border-color: var(--wait); }
.badge.stop { background: var(--stop); } .callout.stop { border-color: var(--stop); }
.badge.info { background: var(--info); } .callout.info { border-color: var(--info); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .6em 0; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: .95em; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #ececec; }
tbody tr:nth-child(even) td { background: #fafafa; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
.page-break { break-before: page; page-break-before: always; }
@page { margin: 12mm 14mm 14mm; }
/* Print: dense enough that the practitioner's one-page summary fits A4 and Letter. */
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; line-height: 1.3; }
  h1 { font-size: 1.45em; margin-bottom: .4em; }
  h2 { margin: 1em 0 .3em; }
  h3 { margin: .8em 0 .2em; }
  ul { margin: .2em 0 .4em; }
  th, td { padding: .15em .4em; }
  .badge, .callout, th, tbody tr:nth-child(even) td {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def text(value: object) -> str:
    """Safe text for HTML: control characters shown escaped, then markup escaped."""
    return escape(plain(value), quote=True)


def _table(block: Table) -> str:
    head = "".join(f'<th scope="col">{text(cell)}</th>' for cell in block.header)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{text(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _block(block: Block) -> str:
    match block:
        case Heading(words, level):
            tag = f"h{max(2, min(level, 6))}"
            return f"<{tag}>{text(words)}</{tag}>"
        case Paragraph(words, strong, quiet):
            inner = f"<strong>{text(words)}</strong>" if strong else text(words)
            return f'<p class="quiet">{inner}</p>' if quiet else f"<p>{inner}</p>"
        case Badge(words, tone):
            return f'<p><span class="badge {tone}">{text(words)}</span></p>'
        case Callout(words, tone):
            return f'<aside class="callout {tone}" role="note">{text(words)}</aside>'
        case Bullets(items):
            return "<ul>\n" + "\n".join(f"<li>{text(item)}</li>" for item in items) + "\n</ul>"
        case Facts(pairs):
            rows = "\n".join(f"<dt>{text(k)}</dt><dd>{text(v) or '-'}</dd>" for k, v in pairs)
            return f'<dl class="facts">\n{rows}\n</dl>'
        case Table():
            return _table(block)
        case PageBreak():
            return '<div class="page-break" aria-hidden="true"></div>'
    raise AssertionError(f"no HTML for {type(block).__name__}")


def render(document: Document) -> str:
    body = "\n".join(_block(block) for block in document.blocks)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{document.language_tag}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{text(document.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body class="{document.audience}">\n<main>\n<h1>{text(document.title)}</h1>\n'
        f"{body}\n</main>\n</body>\n</html>\n"
    )
