"""Survey instruments: their schema, their loader and the registry of question types."""
