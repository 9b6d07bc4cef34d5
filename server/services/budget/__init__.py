"""Budget quotas (预算指标): quotas, their checks and their report."""
