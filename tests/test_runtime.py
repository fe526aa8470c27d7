"""The live release is swapped whole beside the process's services, and requests follow it."""

from __future__ import annotations

from flask import Flask

from helpline.serving.runtime import compile_release
from tests.conftest import Content, Texter, runtime


def swap_to(app: Flask, content: Content) -> str:
    """Make the edited content live in this worker; return its content hash."""
    current = runtime(app)
    live = current.release
    catalog = content.catalog()
    settings = live.phone.settings
    current.swap(
        compile_release(None, catalog, live.audio, app.config["HELPLINE_PUBLIC_URL"], settings)
    )
    return catalog.version


def test_a_swapped_release_answers_the_next_text_and_call(
    app: Flask, content: Content, texter: Texter
) -> None:
    before = texter.send("BONE").text
    content.replace("topics/bone.yaml", "in the bone means breast", "in the bones means breast")
    version = swap_to(app, content)
    after = texter.send("BONE").text
    assert after != before and "in the bones means breast" in after
    assert app.test_client().get("/healthz/live").get_json()["content_version"] == version


def test_services_stay_the_same_when_the_release_changes(app: Flask, content: Content) -> None:
    services = runtime(app).services
    swap_to(app, content)
    assert runtime(app).services is services
