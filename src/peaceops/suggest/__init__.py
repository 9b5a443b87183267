"""Suggestions for the review queue: which sentences are evidence, for which indicator, with which stance, and why.

See :mod:`peaceops.suggest.model` (the classifiers), :mod:`peaceops.suggest.junk`
(sentences that are never evidence), :mod:`peaceops.suggest.structure` (what the
sentence is about) and :mod:`peaceops.suggest.training` (examples and storage).
"""
