"""Database access: engine, unit of work, models, migrations."""
