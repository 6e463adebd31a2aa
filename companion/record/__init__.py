"""The record of play in SQLite: `store` (the file, migrations, transactions), `queries` (entries
and sessions read and written), `book` (what is recorded, corrected and read back), `checked`
(ids checked against the campaign), `transfer` (JSON export and import), `text` (for people)."""
