"""The story's structure: scenes, clues and conclusions, and the checks of node-based design
(`clues`); what `validate` warns about without failing (`advice`)."""
