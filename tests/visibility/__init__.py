"""The generated who-sees-what test: random worlds of content, an oracle, a crawler of every exit.

- :mod:`tests.visibility.world` plans a seeded random world (pages in every state, restrictions,
  collections, media, snippets, translations) as dataclasses, :mod:`tests.visibility.build`
  creates it in the database;
- :mod:`tests.visibility.oracle` computes from that plan, without asking ``cms.visibility``,
  whether a reader may see each object (the test's own statement of the rule);
- :mod:`tests.visibility.crawl` requests every exit as every reader and reports each unique
  marker of a hidden object that shows up anywhere.
"""
