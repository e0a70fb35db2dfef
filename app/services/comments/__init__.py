"""Respondents' comments: read under the anonymity rule, moderated by the network's coordination."""
