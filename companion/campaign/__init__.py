"""The campaign folder as data: where its files are (`files`), YAML read with line marks
(`marked_yaml`), the models of every file kind (`models`), validation errors located in the
files (`located`), loading and cross-checks (`loading`, `checks`), what the players may see
(`audience`), and the data a campaign derives as it loads (ciphers, organisations, pictures).

Nothing here renders, prints or opens the record of play."""
