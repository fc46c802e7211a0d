"""English (placeholder until the pack lands)."""
