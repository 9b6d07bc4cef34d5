"""Operations: backups (making and verifying, catalog and retention, runs,
encryption and trust), offsite copies, WAL archive, restores (plan and approval,
carrying out) and point-in-time recovery, maintenance mode, alerts, system status,
system parameters, the operation log viewer.
"""
