"""Thai full-text search: analysis, text extraction, the Whoosh index and queries."""
