"""The record of play in SQLite: `store` (the file, migrations, transactions), `book` (what is
recorded and read back), `checked` (ids checked against the campaign), `text` (for people)."""
