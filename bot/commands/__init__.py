"""Sub-commands of the ``tthc-bot`` command line; each module registers itself with ``register``."""
