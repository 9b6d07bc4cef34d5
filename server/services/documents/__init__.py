"""Documents: drafts and their checks, batch import."""
