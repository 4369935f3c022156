"""The annual safety survey: results, the survey layer, and why a table is refused."""
