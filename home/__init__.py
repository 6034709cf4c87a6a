"""The home plugin: the start page of each locale (the root of its page tree) and the site-wide
navigation and footer snippets, one per language (:class:`cms.content.per_locale.OnePerLocale`).
"""
