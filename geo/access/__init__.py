"""Who may do what, and signing in: roles, passwords, tokens, throttling."""
