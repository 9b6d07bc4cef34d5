"""Administration across areas: carrying out approved four-eyes requests, demo data."""
