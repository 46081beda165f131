"""Authentication extras, upload validation and private file serving (issue 9)."""
