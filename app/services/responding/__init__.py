"""What a respondent does: open a questionnaire, keep a draft, submit, read their feedback."""
