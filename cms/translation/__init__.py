"""Translation workflow on top of wagtail-localize: German is the source, English is translated.

wagtail-localize provides submission, the translation editor, synchronisation and PO export. This
core app adds what the agency's translators need beyond it: translations are made from published
German content only (:mod:`cms.translation.published_source`), every translated string passes
one check of placeholders, inline tags and link targets on every write path, and one that fails
is flagged and never used (:mod:`cms.translation.validation`), PO files are checked before
anything is imported and carry "needs work" as ``fuzzy`` both ways (:mod:`cms.translation.po`),
overridden link targets follow the URL rule
(:mod:`cms.translation.url_overrides`), a view restriction applies to every translation of a page
(:mod:`cms.translation.restrictions`), a page's relations follow its source on every sync, mapped
to the target locale (:mod:`cms.translation.relations`), one definition of "up to date" is shown
everywhere a translator looks (:mod:`cms.translation.status`, :mod:`cms.translation.status_admin`),
and translators may not change German snippets (:mod:`cms.translation.wagtail_hooks`). Roles live
in :mod:`cms.translation.roles`.
"""
