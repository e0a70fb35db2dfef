"""Request plumbing: security headers, error pages, converters, templating, static files, dashboard helpers."""
