"""The record of play in SQLite: `facts` (what it holds, as plain data), `store` (the file,
migrations, transactions), `queries` (every SQL statement that reads or writes entries and
sessions), `ledger` (what is recorded, corrected and read back), `recording` (ids checked
against the campaign's index), `standing` (where the campaign stands), `transfer` (JSON export
and import), `text` (for people)."""
