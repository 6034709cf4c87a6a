"""Translation workflow on top of wagtail-localize: German is the source, English is translated.

wagtail-localize provides submission, the translation editor, synchronisation and PO export. This
core app adds what the agency's translators need beyond it: translations are made from published
German content only (:mod:`cms.translation.published_source`), PO uploads are checked before
anything is written (:mod:`cms.translation.po`), translations that would lose a rich text link
keep the source link (:mod:`cms.translation.links`), overridden link targets follow the URL rule
(:mod:`cms.translation.url_overrides`), a view restriction applies to every translation of a page
(:mod:`cms.translation.restrictions`), and translators may not change German snippets
(:mod:`cms.translation.wagtail_hooks`). Roles live in :mod:`cms.translation.roles`.
"""
