"""The ``peaceops`` command: a thin layer over the domain modules."""
