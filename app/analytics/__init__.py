"""Pure analytics: small query results in, pandas DataFrames out. No Flask, no database."""
