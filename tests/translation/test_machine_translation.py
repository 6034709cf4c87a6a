"""Machine translation: configured from the environment, off by default, dummy in tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

ROOT = Path(__file__).resolve().parents[2]


def setting(**env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEEPL_API_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY")
    }
    environment.update(DJANGO_SETTINGS_MODULE="cms.settings.dev", **env)
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR)"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_off_by_default():
    assert setting().stdout.strip() == "None"


def test_deepl_from_the_environment():
    out = setting(DEEPL_API_KEY="abc:fx").stdout
    assert "DeepLTranslator" in out and "'AUTH_KEY': 'abc:fx'" in out


def test_libretranslate_from_the_environment():
    out = setting(LIBRETRANSLATE_URL="https://translate.example.org/", LIBRETRANSLATE_API_KEY="k")
    assert "LibreTranslator" in out.stdout
    assert "'LIBRETRANSLATE_URL': 'https://translate.example.org'" in out.stdout


@pytest.mark.parametrize(
    "env",
    [
        {"LIBRETRANSLATE_URL": "translate.example.org"},
        {"DEEPL_API_KEY": "k", "LIBRETRANSLATE_URL": "https://t.example.org"},
    ],
)
def test_broken_configuration_is_named(env):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.dev", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "LIBRETRANSLATE_URL" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.django_db
def test_dummy_translator_fills_the_translation_editor(home, en_home, translator, client):
    source, _ = TranslationSource.update_or_create_from_instance(home)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=en_home.locale)
    client.force_login(translator)
    response = client.post(
        reverse("wagtail_localize:machine_translate", args=[translation.id]), {"next": "/admin/"}
    )
    assert response.status_code == 302
    translated = StringTranslation.objects.filter(
        locale=en_home.locale, translation_type="machine"
    ).values_list("translation_of__data", "data")
    # The dummy translator reverses the word order.
    assert ("Regionalmanagement Nordthüringen", "Nordthüringen Regionalmanagement") in translated
