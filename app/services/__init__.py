"""Named domain operations. They flush but never commit: the caller owns the transaction."""
