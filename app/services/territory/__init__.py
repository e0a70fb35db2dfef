"""The territory: académies, networks, poles, establishments, and the directory import."""
