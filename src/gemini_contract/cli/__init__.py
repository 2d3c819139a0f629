"""The `gemini-contract` command line: a thin layer over the library (see `main`)."""
