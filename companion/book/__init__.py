"""What the GM and the players read about play: the GM's book (`gm_book`) with its clue graph
(`clue_graph`), and the players' printed recap (`recap`). Reads the record's facts
(`record.facts`, `record.entries`), never its SQL."""
