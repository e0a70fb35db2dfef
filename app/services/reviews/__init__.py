"""The annual review (bilan annuel) of an establishment, a pole or a network, assembled from the dashboards."""
