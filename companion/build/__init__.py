"""Making files: the one render pipeline (`pipeline`), the targets it builds (handout copies,
packets, the book, the recap) and the runner (`targets`), the incremental cache (`cache`), and
the marks that tell whose copy a page is (`copy_marks`)."""
