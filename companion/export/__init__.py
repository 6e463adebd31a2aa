"""Exports for other tools: floor plans for virtual tabletops (Universal VTT), journals for
Foundry VTT and a notes vault for Obsidian, each made from an audience's view of the campaign."""
