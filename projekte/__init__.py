"""The projekte plugin: projects, documents and partners with their index pages, and the taxonomies
that filter them (topics, places, funding programmes). Needs the home plugin
(``Plugin.requires``): its section pages sit under the start page.
"""
