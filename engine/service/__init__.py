"""Use cases over the engine: deploy models, run cases, answer queries."""
