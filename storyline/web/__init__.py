"""The local web pages served by ``storyline serve`` (see :mod:`storyline.api`).

``views`` turns the store's dicts into what the pages show; ``pages`` renders
them with the Jinja2 templates in ``templates/`` and serves ``static/``.
"""
