"""One module per CLI command; each exposes one function that the CLI calls."""
