"""Reports of a run: for people (terminal) and for machines (JSON, JUnit XML)."""
