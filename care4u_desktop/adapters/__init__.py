"""Implementations of the service ports: SQLite, local outbox (and later DynamoDB, SNS)."""
