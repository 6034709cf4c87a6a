"""Real Redis and S3-compatible object storage for tests (markers ``redis``, ``object_storage``).

The shared servers come from the environment (``bin/test`` starts them when unset):
``REDIS_URL`` (``bin/redis start``: ``redis://127.0.0.1:6390``) and ``OBJECT_STORAGE_URL``
(``bin/object-storage start``: ``http://127.0.0.1:9390``, keys ``OBJECT_STORAGE_ACCESS_KEY`` /
``OBJECT_STORAGE_SECRET_KEY``). A test that stops a server starts its own with the same script
on a free port (:class:`OwnServer`), so the shared one keeps serving the other tests. A missing
server fails the test with how to start it; it is never skipped.
"""

from __future__ import annotations

import os
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ACCESS_KEY = os.environ.get("OBJECT_STORAGE_ACCESS_KEY", "cms-local")
SECRET_KEY = os.environ.get("OBJECT_STORAGE_SECRET_KEY", "cms-local-secret")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_url() -> str:
    """``REDIS_URL`` (no trailing slash); fails the test when unset."""
    url = os.environ.get("REDIS_URL", "").rstrip("/")
    if not url:
        pytest.fail(
            "REDIS_URL is not set: Redis tests need a real server. Start one with `bin/redis start` "
            "and run `REDIS_URL=redis://127.0.0.1:6390 pytest -m redis` (bin/test does both).",
            pytrace=False,
        )
    return url


def object_storage_url() -> str:
    """``OBJECT_STORAGE_URL`` (no trailing slash); fails the test when unset."""
    url = os.environ.get("OBJECT_STORAGE_URL", "").rstrip("/")
    if not url:
        pytest.fail(
            "OBJECT_STORAGE_URL is not set: object storage tests need a real S3-compatible server. "
            "Start one with `bin/object-storage start` and run "
            "`OBJECT_STORAGE_URL=http://127.0.0.1:9390 pytest -m object_storage` (bin/test does both).",
            pytrace=False,
        )
    return url


class OwnServer:
    """A server of this test alone, run by ``bin/<script>`` with its own port and directory."""

    def __init__(self, script: str, port_variable: str, home_variable: str, home: Path):
        self.script = str(ROOT / "bin" / script)
        self.port = free_port()
        self.env = {**os.environ, port_variable: str(self.port), home_variable: str(home)}

    def run(self, command: str) -> None:
        """``bin/<script> <command>``; fails the test with the script's output when it fails."""
        result = subprocess.run(
            [self.script, command], env=self.env, capture_output=True, text=True, timeout=300
        )
        if result.returncode != 0:
            pytest.fail(
                f"{self.script} {command} failed:\n{result.stdout}\n{result.stderr}", pytrace=False
            )

    def start(self) -> None:
        """Start and wait until it answers."""
        self.run("start")

    def stop(self) -> None:
        """Stop and wait until the process is gone."""
        self.run("stop")


def s3_client(endpoint: str):
    """A boto3 S3 client for ``endpoint`` with the test keys."""
    import boto3
    from botocore.config import Config

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def new_bucket(endpoint: str) -> str:
    """A new empty bucket on ``endpoint``; its name."""
    name = f"cms-test-{uuid.uuid4().hex[:12]}"
    s3_client(endpoint).create_bucket(Bucket=name)
    return name


def s3_storages(endpoint: str, bucket: str, monkeypatch) -> dict:
    """``STORAGES`` with media on ``bucket`` at ``endpoint``, built from the environment
    variables a deployment sets (``cms.runtime.env.media_storage``)."""
    from cms.runtime import env as config

    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_S3_REGION_NAME": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    return {
        "default": config.media_storage(),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
