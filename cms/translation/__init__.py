"""Translation workflow on top of wagtail-localize: German is the source, English is translated.

wagtail-localize provides submission, the translation editor, synchronisation and PO export. This
core app adds what the agency's translators need beyond it: PO uploads are checked before anything
is written (:mod:`cms.translation.po`), translations that would lose a rich text link keep the
source link (:mod:`cms.translation.links`), and translators may not change German snippets
(:mod:`cms.translation.wagtail_hooks`). Roles live in :mod:`cms.translation.roles`.
"""
