"""Every field editors see has a German label and a help text."""

import pytest
from wagtail.models import Page

from home.models import Footer, HomePage, Navigation
from projekte import models

MODELS = [
    HomePage,
    Navigation,
    Footer,
    models.ProjectIndexPage,
    models.ProjectPage,
    models.DocumentIndexPage,
    models.DocumentPage,
    models.PartnerIndexPage,
    models.PartnerPage,
    models.Topic,
    models.Place,
    models.FundingProgramme,
]
BASE_FIELDS = {f.name for f in Page._meta.get_fields()} | {"locale", "translation_key", "id"}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_own_fields_have_label_and_help_text(model):
    own = [
        f
        for f in model._meta.get_fields()
        if f.name not in BASE_FIELDS and getattr(f, "editable", False) and not f.auto_created
    ]
    assert own, model
    for field in own:
        assert str(field.verbose_name) != field.name.replace("_", " "), (
            f"{model.__name__}.{field.name}"
        )
        assert str(field.help_text), f"{model.__name__}.{field.name} has no help text"


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_models_have_german_names_and_api_fields(model):
    assert str(model._meta.verbose_name) and str(model._meta.verbose_name_plural)
    names = {f.name for f in model.api_fields}
    assert names and set(model.api_card_fields) <= names
