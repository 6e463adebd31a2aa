"""Turning HTML into pages: the Jinja2 environment and its sandbox (`templates`), Markdown in
text (`markup`), bundled fonts and hands (`fonts`, `hands`), WeasyPrint (`pdf`), where laid-out
text stands as plain data (`layout`), and a print shop's checks of a PDF (`preflight`)."""
