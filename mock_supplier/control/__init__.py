"""The test-control interface (/octo/_control): not OCTO; lets suites make time pass,
start from a clean sandbox and get a sandbox of their own."""
