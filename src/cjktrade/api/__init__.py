"""The REST API (FastAPI), versioned under /api/v1. One app; later features add routers to it."""
