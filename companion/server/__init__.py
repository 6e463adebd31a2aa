"""The local web server: `preview` while writing (pages rebuilt on every save) and `table`
while playing (the GM's console on this machine, the players' pages on their phones).

Imported only by those two commands: every other command starts without it.
"""
