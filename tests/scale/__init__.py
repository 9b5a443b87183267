"""The path beyond one machine: a real Spark cluster and Spark Connect server on loopback.

A package (unlike tests/events) so that its conftest is imported as scale.conftest and never shadows the
`conftest` module that tests/events imports names from."""
