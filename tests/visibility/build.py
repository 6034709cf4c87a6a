"""Building a planned world (:mod:`tests.visibility.world`) with the real models.

Content goes in the way editors, translators and the scheduler put it there: pages are saved,
revised, published, scheduled and withdrawn (``publish_scheduled``); English versions are made
with ``copy_for_translation`` and, when synced, adopted by wagtail-localize
(``cms.translation.adopt``); a draft is submitted to the workflow; roles come from
``setup_roles``; view restrictions are added last, to content already published and indexed.
"""

from __future__ import annotations

import datetime
import io

from tests.visibility.world import (
    BOARD,
    KINDS,
    LIVE_STATES,
    SECTIONS,
    STAFF,
    WORDS,
    CollectionSpec,
    PageSpec,
    Restriction,
    UserSpec,
    World,
)


def _png(seed: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (seed * 37 % 256, 120, 90)).save(buffer, "PNG")
    return buffer.getvalue()


def _pdf(title: str, text: str) -> bytes:
    """An uncompressed PDF: its text is in the file's bytes and extractable by pypdf."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_compression(False)
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, f"{title}\nProtokoll der Sitzung: {text} und weitere Punkte.")
    return bytes(pdf.output())


class Builder:
    """Creates the planned world in the database, filling in ids and tree paths."""

    def __init__(self, world: World):
        self.world = world

    def build(self) -> World:
        from django.core.management import call_command

        from cms import visibility

        call_command("setup_site", stdout=io.StringIO())
        self.groups()
        self.users()
        self.collections()
        self.media()
        self.snippets()
        self.pages()
        self.roles()
        self.workflow()
        self.page_restrictions()
        call_command("publish_scheduled", stdout=io.StringIO())
        self.paths()
        visibility.reset()
        return self.world

    # Groups, collections, media, snippets.
    def groups(self) -> None:
        from django.contrib.auth.models import Group

        self.group = {name: Group.objects.get_or_create(name=name)[0] for name in (STAFF, BOARD)}

    def restrict(self, model, owner_field: str, owner, restriction: Restriction) -> None:
        row = model.objects.create(
            **{owner_field: owner},
            restriction_type=restriction.kind,
            password="geheim" if restriction.kind == "password" else "",
        )
        if restriction.groups:
            row.groups.set([self.group[name] for name in restriction.groups])

    def collections(self) -> None:
        from wagtail.models import Collection, CollectionViewRestriction

        made: dict[CollectionSpec, Collection] = {}
        for spec in self.world.collections:
            if spec.parent is None:
                collection = Collection.get_first_root_node()
            else:
                collection = made[spec.parent].add_child(name=f"{spec.name} ({self.world.seed})")
            made[spec] = collection
            spec.id = collection.pk
            if spec.restriction:
                self.restrict(CollectionViewRestriction, "collection", collection, spec.restriction)
        self.collection = made

    def media(self) -> None:
        from django.core.files.base import ContentFile
        from django.core.files.images import ImageFile

        from cms.models import CmsDocument, CmsImage

        for n, spec in enumerate(self.world.images):
            m = spec.marker
            image = CmsImage(
                title=f"Bild {m}",
                description=f"Alt {m}",
                caption=f"Unterschrift {m}",
                credit=f"Foto {m}",
                collection=self.collection[spec.collection],
                file=ImageFile(io.BytesIO(_png(n)), name=f"{spec.key}.png"),
            )
            image.save()
            spec.id = image.pk
        for spec in self.world.documents:
            if spec.readable:
                content = _pdf(f"Dokument {spec.marker}", spec.text_marker)
            else:
                content = f"%PDF-1.4\n% kaputt {spec.text_marker}\n".encode()
            document = CmsDocument(
                title=f"Dokument {spec.marker}", collection=self.collection[spec.collection]
            )
            document.file.save(f"{spec.key}.pdf", ContentFile(content), save=False)
            document.save()
            spec.id, spec.filename = document.pk, document.filename

    def snippets(self) -> None:
        from django.apps import apps
        from wagtail.models import Locale

        locales = {code: Locale.objects.get(language_code=code) for code in ("de", "en")}
        self.locale = locales
        for spec in self.world.snippets:
            if spec.api_name in ("navigation", "footer"):
                continue  # they link to pages: made after the pages
            model = apps.get_model(spec.model)
            fields: dict = {"name": f"Name {spec.marker}"}
            if spec.api_name == "place":
                fields.update(latitude=51.37, longitude=10.87)
            if spec.api_name != "venue":
                fields["slug"] = spec.slug
            if spec.source is not None:
                obj = model.objects.get(pk=spec.source.id).copy_for_translation(locales["en"])
                for name, value in fields.items():
                    setattr(obj, name, value)
                obj.save()
            else:
                obj = model.objects.create(locale=locales["de"], **fields)
            spec.id = obj.pk

    def navigation(self) -> None:
        """Menus and footers of both languages link every German page and every document
        (the API maps a link to the reader's language, or drops it)."""
        from home.models import Footer, Navigation

        for spec in self.world.snippets:
            if spec.api_name not in ("navigation", "footer"):
                continue
            links = [
                {"label": f"Menü {spec.marker}", "page": p.id, "document": None, "url": ""}
                for p in self.world.german()
            ] + [
                {"label": f"Datei {spec.marker}", "page": None, "document": d.id, "url": ""}
                for d in self.world.documents
            ]
            locale = self.locale[spec.locale]
            if spec.api_name == "navigation":
                obj = Navigation.objects.create(
                    locale=locale,
                    main_menu=[
                        {"type": "item", "id": f"n{i}", "value": {"link": link, "children": []}}
                        for i, link in enumerate(links)
                    ],
                )
            else:
                obj = Footer.objects.create(
                    locale=locale,
                    copyright=f"© {spec.marker}",
                    columns=[
                        {
                            "type": "column",
                            "id": "c1",
                            "value": {"title": f"Spalte {spec.marker}", "text": "", "links": links},
                        }
                    ],
                )
            spec.id = obj.pk

    # Pages.
    def pages(self) -> None:
        from django.apps import apps
        from wagtail.models import Page, Site

        world = self.world
        root = Page.get_first_root_node()
        german = world.german()
        # Skeletons first (references need ids), with the title the page row will keep.
        for spec in german:
            model = apps.get_model(KINDS[spec.kind][0])
            instance = model(
                title=self.title(spec, spec.row_marker),
                slug=spec.slug,
                locale=self.locale["de"],
                live=False,
                **self.required(spec),
            )
            parent = root if spec.parent is None else Page.objects.get(pk=spec.parent.id)
            parent.add_child(instance=instance)
            spec.id = instance.pk
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "root_page_id": world.home("de").id},
        )
        # Wagtail's welcome page (a plain Page from its migrations) is no content: gone, as the
        # home plugin's demo loader removes it.
        Page.objects.filter(depth=2, content_type__model="page").delete()
        for spec in german:
            self.fill(spec)
        self.navigation()
        for spec in [p for p in world.pages if p.locale == "en"]:
            self.translate(spec)

    def title(self, spec: PageSpec, marker: str) -> str:
        labels = KINDS[spec.kind]
        return f"{labels[1] if spec.locale == 'de' else labels[2]} {marker}"

    def required(self, spec: PageSpec) -> dict:
        """Fields without which a page cannot be saved at all."""
        if spec.kind == "project":
            return {"teaser": "-", "start_date": datetime.date(2024, 1, 1)}
        if spec.kind == "document":
            return {
                "kind": spec.doc_kind,
                "date": datetime.date(2024, 3, 1),
                "summary": "-",
                "document_id": spec.refs.document.id,  # type: ignore[union-attr]
            }
        if spec.kind == "partner":
            return {"kind": spec.partner_kind}
        return {}

    def content(self, spec: PageSpec, marker: str) -> dict:
        """The text and references of one version of a page, in its language."""
        lang, refs, word = spec.locale, spec.refs, self.world.word
        w = WORDS[lang]
        text = f"{w['text']} {marker} {word}"
        fields: dict = {"title": self.title(spec, marker)}
        body = self.body(spec, marker)
        if spec.kind == "home":
            fields.update(
                hero_title=f"Kopf {marker}",
                intro=f"<p>{text}</p>",
                body=body,
                featured_projects=[
                    {"type": "project", "id": f"f{i}", "value": p.id}
                    for i, p in enumerate(refs.projects)
                ],
            )
        elif spec.kind in SECTIONS:
            fields["intro"] = f"<p>{text}</p>"
            if spec.kind == "project_index":
                fields["body"] = body
        elif spec.kind == "project":
            fields.update(
                teaser=f"{w['teaser']} {marker} {word}",
                status=spec.status,
                start_date=datetime.date(2024, 1, 1),
                end_date=datetime.date(2025, 6, 30) if spec.status == "finished" else None,
                contact_name=f"Kontakt {marker}",
                body=body,
            )
        elif spec.kind == "document":
            fields.update(
                document_id=refs.document.id if refs.document else None,
                kind=spec.doc_kind,
                date=datetime.date(2024, 3, 1),
                summary=f"{w['teaser']} {marker} {word}",
            )
        elif spec.kind == "partner":
            fields.update(
                kind=spec.partner_kind,
                city=f"Ort {marker}",
                logo_id=refs.logo.id if refs.logo else None,
                description=body,
            )
        if spec.kind in ("home", "project"):
            fields["hero_image_id"] = refs.hero.id if refs.hero else None
            fields["hero_alt_text"] = f"Titelbild {marker}" if refs.hero_alt_override else ""
        return fields

    def body(self, spec: PageSpec, marker: str) -> list[dict]:
        refs, w = spec.refs, WORDS[spec.locale]
        blocks: list[tuple[str, object]] = [
            ("heading", {"text": f"{w['section']} {marker}", "level": "h2"})
        ]
        links = "".join(
            f' <a linktype="page" id="{p.id}">{w["more"]} {marker}</a>' for p in refs.pages[:1]
        ) + "".join(
            f' <a linktype="document" id="{d.id}">PDF {marker}</a>' for d in refs.documents[:1]
        )
        blocks.append(("rich_text", f"<p>{w['text']} {marker} {self.world.word}{links}</p>"))
        for image in refs.images:
            blocks.append(
                ("image", {"image": image.id, "alt_text": "", "caption": "", "credit": ""})
            )
        if refs.documents:
            blocks.append(
                (
                    "document_list",
                    {"title": f"Downloads {marker}", "documents": [d.id for d in refs.documents]},
                )
            )
        if refs.pages:
            blocks.append(
                (
                    "page_teasers",
                    {"title": f"{w['more']} {marker}", "pages": [p.id for p in refs.pages]},
                )
            )
        if refs.link_page or refs.link_document:
            link = {
                "label": f"{w['more']} {marker}",
                "page": refs.link_page.id if refs.link_page else None,
                "document": refs.link_document.id if refs.link_document else None,
                "url": "",
            }
            blocks.append(
                ("call_to_action", {"title": f"Aufruf {marker}", "text": "", "link": link})
            )
        if spec.kind in ("project_index", "partner", "project"):
            if refs.projects:
                blocks.append(
                    (
                        "project_teasers",
                        {"title": f"Projekte {marker}", "projects": [p.id for p in refs.projects]},
                    )
                )
            if refs.partners and spec.kind != "project":
                blocks.append(
                    (
                        "partner_list",
                        {"title": f"Partner {marker}", "partners": [p.id for p in refs.partners]},
                    )
                )
        return [
            {"type": kind, "id": f"{spec.key}-{i}", "value": value}
            for i, (kind, value) in enumerate(blocks)
        ]

    def apply(self, page, spec: PageSpec, marker: str) -> None:
        for name, value in self.content(spec, marker).items():
            setattr(page, name, value)
        if spec.kind == "project":
            page.topics.set([s.id for s in spec.refs.topics])
            page.places.set([s.id for s in spec.refs.places])
            page.funding_programmes.set([s.id for s in spec.refs.programmes])
            page.related_documents.set([p.id for p in spec.refs.related_documents])
            page.partners.set([p.id for p in spec.refs.partners])

    def fill(self, spec: PageSpec) -> None:
        """Content and state of a German page, as an editor (or the scheduler) leaves it."""
        from django.utils import timezone
        from wagtail.models import Page

        editor = self.user_model(self.world.users["editor"])
        page = Page.objects.get(pk=spec.id).specific
        now = timezone.now()
        if spec.state in ("draft", "scheduled"):
            self.apply(page, spec, spec.draft_marker)  # type: ignore[arg-type]
            page.save()
            if spec.state == "scheduled":
                page.go_live_at = now + datetime.timedelta(days=3)
                page.save_revision(user=editor, log_action=True).publish(
                    user=editor, skip_permission_checks=True
                )
            else:
                page.save_revision(user=editor, log_action=True)
            return
        self.apply(page, spec, spec.live_marker)  # type: ignore[arg-type]
        if spec.state == "expiring":
            page.expire_at = now + datetime.timedelta(days=5)
        page.save_revision(user=editor, log_action=True).publish(
            user=editor, skip_permission_checks=True
        )
        if spec.state == "changed":
            page = Page.objects.get(pk=spec.id).specific
            self.apply(page, spec, spec.draft_marker)  # type: ignore[arg-type]
            page.save_revision(user=editor, log_action=True)
        if spec.state == "expired":
            Page.objects.filter(pk=spec.id).update(expire_at=now - datetime.timedelta(hours=1))

    def translate(self, spec: PageSpec) -> None:
        """An English version: ``copy_for_translation``, English text, then adopted (synced)."""
        from wagtail.models import Page

        from cms.translation.adopt import adopt

        german = Page.objects.get(pk=spec.source.id).specific  # type: ignore[union-attr]
        english = german.copy_for_translation(self.locale["en"])
        first = spec.live_marker or spec.draft_marker
        self.apply(english, spec, first)  # type: ignore[arg-type]
        english.save()
        spec.id = english.pk
        user = self.user_model(self.world.users["translator"])
        if spec.state in LIVE_STATES:
            english.save_revision(user=user, log_action=True).publish(
                user=user, skip_permission_checks=True
            )
        else:
            english.save_revision(user=user, log_action=True)
        if spec.synced:
            adopted = adopt(german, Page.objects.get(pk=spec.id).specific)
            spec.synced = bool(adopted and adopted.translation)
        if spec.state == "changed":
            english = Page.objects.get(pk=spec.id).specific
            self.apply(english, spec, spec.draft_marker)  # type: ignore[arg-type]
            english.save_revision(user=user, log_action=True)

    # Users, roles, tokens.
    def user_model(self, spec: UserSpec):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.get(pk=spec.id)

    def users(self) -> None:
        from django.contrib.auth import get_user_model

        User = get_user_model()
        for spec in self.world.users.values():
            if spec.superuser:
                user = User.objects.create_superuser(spec.key, f"{spec.key}@example.org", "pw")
            else:
                user = User.objects.create_user(spec.key, f"{spec.key}@example.org", "pw")
            spec.id = user.pk

    def roles(self) -> None:
        """``setup_roles`` (it needs both start pages), a section editor's group, memberships."""
        from django.contrib.auth.models import Group, Permission
        from django.core.management import call_command
        from wagtail.models import GroupCollectionPermission, GroupPagePermission

        call_command("setup_roles", stdout=io.StringIO())
        section = self.world.users["section"]
        section_group = Group.objects.create(name="Sektion")
        section_group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in ("add_page", "change_page"):
            GroupPagePermission.objects.create(
                group=section_group,
                page_id=section.edit_roots[0].id,
                permission=Permission.objects.get(codename=codename),
            )
        for codename in ("add_image", "change_image", "choose_image", "add_document",
                         "change_document", "choose_document"):  # fmt: skip
            GroupCollectionPermission.objects.create(
                group=section_group,
                collection=self.collection[section.media_roots[0]],
                permission=Permission.objects.get(
                    codename=codename, content_type__app_label__startswith="wagtail"
                ),
            )
        for spec in self.world.users.values():
            names = set(spec.groups) | ({spec.role} if spec.role else set())
            if spec.key == "section":
                names.add("Sektion")
            self.user_model(spec).groups.set(Group.objects.filter(name__in=names))
        self.tokens()

    def tokens(self) -> None:
        from wagtail.models import APIToken

        from cms.api.models import ApiToken

        for reader in self.world.readers:
            if reader.kind == "project_token":
                _token, reader.bearer = ApiToken.create_with_key(
                    reader.name,
                    can_read_drafts="drafts" in reader.scopes,
                    can_read_private="private" in reader.scopes,
                )
            elif reader.kind == "wagtail_token":
                key = APIToken.generate_token()
                APIToken.objects.create(
                    user=self.user_model(reader.user),  # type: ignore[arg-type]
                    name=reader.name,
                    key_hash=APIToken.hash_token(key),
                    prefix=key[:12],
                )
                reader.bearer = key

    def workflow(self) -> None:
        from wagtail.models import Page, Workflow

        from cms.translation import roles

        workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
        editor = self.user_model(self.world.users["editor"])
        for spec in self.world.german():
            if spec.in_workflow:
                page = Page.objects.get(pk=spec.id).specific
                page.save_revision(user=editor)
                workflow.start(page, editor)

    def page_restrictions(self) -> None:
        """Restrictions come last: added to content that is already published and indexed."""
        from wagtail.models import Page, PageViewRestriction

        for spec in self.world.pages:
            if spec.restriction:
                page = Page.objects.get(pk=spec.id)
                self.restrict(PageViewRestriction, "page", page, spec.restriction)

    def paths(self) -> None:
        from wagtail.models import Page

        rows = {
            pk: (path, url_path)
            for pk, path, url_path in Page.objects.values_list("pk", "path", "url_path")
        }
        for spec in self.world.pages:
            spec.path, spec.url_path = rows[spec.id]


def build(world: World) -> World:
    """Create ``world`` in the (empty test) database; returns it with ids filled in."""
    return Builder(world).build()
