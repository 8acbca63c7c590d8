"""machiflow HTTP API and web pages (FastAPI)."""
