"""The linter behind `gemini-contract lint`: finds request files, reads them safely, checks them (in parallel
where it pays) and returns one result per path; the reporters turn results into text, JSON, GitHub or SARIF."""
