"""Mail: written to the outbox in the transaction that causes it (outbox.py), sent and retried later (sending.py)."""
