"""What dashboards show: aggregates, suppressed cells, assembled pages and their exports."""
