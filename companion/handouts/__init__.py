"""One module per handout kind: each turns an audience's view of a handout into a typed context."""
