"""JSON API routes; each module is one resource."""
