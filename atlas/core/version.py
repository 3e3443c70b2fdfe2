"""The atlas's version: one place, read by the package, the CLI, markers and setup.cfg."""

VERSION = "0.1.0"
