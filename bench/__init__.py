"""The benchmark of issue 6: synthetic repositories and the one command that measures them (``python -m bench``)."""
