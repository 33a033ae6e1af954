"""The five built-in evidence types, each an ordinary plugin found through the ``evidence_archive`` entry points."""
