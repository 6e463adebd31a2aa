"""JSON Schema of each campaign file kind, for completion and checks in editors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter

from companion.campaign.models import CampaignInfo, ClueBook, Handout, Location, Npc

FILE_KINDS: dict[str, tuple[str, Any]] = {
    "campaign": ("campaign.yaml", CampaignInfo),
    "npc": ("npcs/*.yaml", Npc),
    "location": ("locations/*.yaml", Location),
    "handout": ("handouts/*.yaml", Handout),
    "clues": ("clues.yaml", ClueBook),
}


def file_schema(kind: str) -> dict[str, Any]:
    """The schema of one file kind. The `id` of one-entity files is their file name, so it
    is left out of what the file itself may say."""
    pattern, model = FILE_KINDS[kind]
    if isinstance(model, type) and issubclass(model, BaseModel):
        schema = model.model_json_schema()
    else:
        schema = TypeAdapter(model).json_schema()
    if kind in ("npc", "location"):
        _drop_id(schema)
    if kind == "handout":  # each handout kind is a definition of its own
        for definition in schema.get("$defs", {}).values():
            if "kind" in definition.get("properties", {}):
                _drop_id(definition)
    schema["title"] = f"companion {kind} file ({pattern})"
    return schema


def _drop_id(definition: dict[str, Any]) -> None:
    definition.get("properties", {}).pop("id", None)
    required = definition.get("required", [])
    if "id" in required:
        required.remove("id")
