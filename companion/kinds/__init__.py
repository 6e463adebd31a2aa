"""The handout kinds: one module per kind turns an audience's view of a handout into a typed
context (and fits it to its paper); `registry` is the one list of kinds with their hooks;
`base` is what every kind's context shares, `wear` the paper's wear any kind can have."""
