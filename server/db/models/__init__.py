"""All tables; importing this package registers them on ``Base.metadata``."""

from server.db.models.base import Base
from server.db.models.units import BudgetUnit
from server.db.models.users import User, UserRole, UserUnit

__all__ = ["Base", "BudgetUnit", "User", "UserRole", "UserUnit"]
