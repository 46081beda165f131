"""Writes for surveys: instruments, waves and invitations, responses, XLSForm import."""
