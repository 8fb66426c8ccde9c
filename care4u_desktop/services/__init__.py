"""Use cases over the ports in ``ports``. No Qt, no boto3, no sqlite3."""
