"""Demo and benchmark data; used by `flask demo` and bench/, never by the app at run time."""
