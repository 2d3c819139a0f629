"""The linter behind `gemini-contract lint`: finds request files (`discovery`), reads them with the reader
registered for their kind (`readers`), checks their units (`checking`, `batch`) on an executor
(`executors`) under one set of `settings`, and returns one result per path (`gemini_contract.results`),
which the reporters turn into text, JSON, GitHub or SARIF."""
