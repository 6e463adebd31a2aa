"""The record of play's tables, as the steps that made them: a database of any earlier
release is upgraded by the steps it has not seen yet (store.py runs them)."""

# Step N brings a database from schema version N - 1 to N. Published steps never change: a
# database made by any earlier release is upgraded by running the steps it has not seen yet.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE sessions (
            number INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            date TEXT NOT NULL,
            ended INTEGER NOT NULL DEFAULT 0 CHECK (ended IN (0, 1))
        )""",
        """CREATE TABLE log_lines (
            id INTEGER PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (number),
            text TEXT NOT NULL,
            gm INTEGER NOT NULL CHECK (gm IN (0, 1))
        )""",
        """CREATE TABLE handouts_given (
            handout TEXT NOT NULL,
            player TEXT NOT NULL,
            session INTEGER NOT NULL REFERENCES sessions (number),
            PRIMARY KEY (handout, player)
        )""",
        """CREATE TABLE clues_found (
            clue TEXT PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (number)
        )""",
        """CREATE TABLE npc_status_changes (
            id INTEGER PRIMARY KEY,
            npc TEXT NOT NULL,
            status TEXT NOT NULL,
            session INTEGER REFERENCES sessions (number)
        )""",
    ),
    (
        "ALTER TABLE clues_found ADD COLUMN found_by TEXT",
        "ALTER TABLE npc_status_changes ADD COLUMN note TEXT",
        "ALTER TABLE npc_status_changes ADD COLUMN gm INTEGER NOT NULL DEFAULT 0"
        " CHECK (gm IN (0, 1))",
        """CREATE TABLE conclusions_reached (
            conclusion TEXT PRIMARY KEY,
            session INTEGER NOT NULL REFERENCES sessions (number)
        )""",
        "CREATE INDEX log_lines_by_session ON log_lines (session)",
        "CREATE INDEX npc_status_changes_by_npc ON npc_status_changes (npc)",
    ),
    # 3: every entry in one numbered table, so that each has a short, stable number that
    # corrections name; struck entries stay, marked. Sessions get their date in the story and
    # can be deleted (kept, marked, with their entries struck).
    (
        "ALTER TABLE sessions ADD COLUMN story_date TEXT",
        "ALTER TABLE sessions ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0"
        " CHECK (deleted IN (0, 1))",
        """CREATE TABLE entries (
            number INTEGER PRIMARY KEY,
            session INTEGER REFERENCES sessions (number),
            kind TEXT NOT NULL CHECK (kind IN ('log', 'give', 'clue', 'conclusion', 'npc')),
            subject TEXT,
            players TEXT NOT NULL DEFAULT '',
            text TEXT,
            status TEXT,
            gm INTEGER NOT NULL DEFAULT 0 CHECK (gm IN (0, 1)),
            struck INTEGER NOT NULL DEFAULT 0 CHECK (struck IN (0, 1)),
            struck_why TEXT,
            amends INTEGER REFERENCES entries (number)
        )""",
        # The old tables kept no order between them: number by session, then by kind as
        # `session show` listed them, then in the order each table kept.
        """INSERT INTO entries (session, kind, subject, players, text, status, gm)
        SELECT session, kind, subject, players, text, status, gm FROM (
            SELECT session, 'log' AS kind, NULL AS subject, '' AS players, text,
                NULL AS status, gm, 1 AS kind_order, id AS row FROM log_lines
            UNION ALL SELECT session, 'give', handout, player, NULL, NULL, 0, 2, rowid
                FROM handouts_given
            UNION ALL SELECT session, 'clue', clue, COALESCE(found_by, ''), NULL, NULL, 0, 3,
                rowid FROM clues_found
            UNION ALL SELECT session, 'conclusion', conclusion, '', NULL, NULL, 0, 4, rowid
                FROM conclusions_reached
            UNION ALL SELECT session, 'npc', npc, '', note, status, gm, 5, id
                FROM npc_status_changes
        ) ORDER BY session IS NOT NULL, session, kind_order, row""",
        "DROP TABLE log_lines",
        "DROP TABLE handouts_given",
        "DROP TABLE clues_found",
        "DROP TABLE conclusions_reached",
        "DROP TABLE npc_status_changes",
        "CREATE INDEX entries_by_session ON entries (session)",
        "CREATE INDEX entries_by_subject ON entries (kind, subject)",
    ),
    # 4: the secret that keys the players' copy marks, so that no one can make a page that
    # `trace` takes for someone's copy. It never leaves this file (exports leave it out).
    # Copies marked before it (up to the latest session so far) keep tracing, unkeyed.
    (
        """CREATE TABLE mark_key (
            secret TEXT NOT NULL,
            legacy_until INTEGER NOT NULL
        )""",
        "INSERT INTO mark_key SELECT lower(hex(randomblob(32))),"
        " COALESCE((SELECT MAX(number) FROM sessions), -1)",
    ),
    # 5: the command that wrote each entry, so that `undo` takes back a command as a whole
    # (every copy of a `give --to all`). Entries written before, or imported, have none.
    ("ALTER TABLE entries ADD COLUMN command INTEGER",),
    # 6: the command that started each session, numbered with the entries' commands, so that
    # `undo` right after `session start` takes back the start. Sessions started before, or
    # imported, have none. (A table of its own: tests that remake an older schema by dropping
    # what came after it find it there already.)
    (
        """CREATE TABLE IF NOT EXISTS session_starts (
            session INTEGER PRIMARY KEY REFERENCES sessions (number) ON DELETE CASCADE,
            command INTEGER NOT NULL
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)
