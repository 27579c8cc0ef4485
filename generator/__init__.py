"""xinfang: petition case records (工会信访) kept as YAML in git, checked, and published.

The pipeline, one module a stage: ``loader`` → ``validate`` → ``model`` → ``public`` (projection) →
``site``/``internal`` (render) → ``output`` (atomic write). ``cli`` wires them and does nothing else.
"""

__version__ = "0.1.0"
