"""The record of play in SQLite: `entries` (its lines, as plain data), `facts` (what they add
up to: a session in full, the state of play, the recap, the whole record), `store` (the file,
migrations, transactions), `queries` (every SQL statement that reads or writes entries and
sessions), `ledger` (what is recorded, corrected and read back), `recording` (ids checked
against the campaign's index), `standing` (where the campaign stands), `transfer` (JSON export
and import), `text` (for people)."""
