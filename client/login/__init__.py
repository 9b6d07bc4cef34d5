"""Login, first-login password change, authenticator enrolment, idle lock."""
