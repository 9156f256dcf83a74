"""The original PDF of a circular has no way out (issue 16): no URL pattern of the whole app
answers with its bytes, whoever asks, and the folder it is stored in is served by nothing.

Every URL pattern is walked (the ones other apps add later too), its parameters filled with the
circular's key and page 1, and fetched by GET as the sender, a named reader and the
administrator; no answer may be a PDF or carry the file's bytes."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve

from tests.conftest import login
from tests.office.test_login_required import walk

# The walk fills parameters with "1"; this one fills them with the circular's key.
INT_PARAM = "/1/"


def _urls(circular_pk: int) -> list[tuple[str, str]]:
    from django.urls import get_resolver

    found = set()
    for url, name in walk(get_resolver().url_patterns):
        found.add((url, name))
        found.add((url.replace(INT_PARAM, f"/{circular_pk}/", 1), name))
    return sorted(found)


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_the_walk_reaches_the_circular_pages(circular):
    urls = dict(_urls(circular.pk))
    assert urls[f"/reading/circulars/{circular.pk}/pages/1.png"] == "reading:circular_page"
    assert urls[f"/reading/circulars/{circular.pk}/"] == "reading:circular_read"


@pytest.mark.parametrize("who", ["personnel", "staff", "admin"])
def test_no_url_answers_with_the_original(org, circular, who):
    original = open(circular.file.path, "rb").read()  # noqa: SIM115 (read whole)
    # A stretch from the middle of the file: not a header any PDF shares.
    marker = original[len(original) // 2 : len(original) // 2 + 64]
    client: Client = login(getattr(org, who))
    client.raise_request_exception = False
    leaks = []
    for url, name in _urls(circular.pk):
        if url.startswith("/accounts/logout") or name == "account_logout":
            continue
        response = client.get(url)
        body = _body(response)
        if "pdf" in response.get("Content-Type", "") or body.startswith(b"%PDF") or marker in body:
            leaks.append(f"{url} ({name})")
    assert leaks == []


def test_the_stored_file_lies_where_nothing_serves_it(org, circular):
    stored = circular.file.name  # relative to MEDIA_ROOT
    assert stored.startswith("circulars/files/") and stored.endswith(".pdf")
    for prefix in ("/", "/media/", settings.STATIC_URL, "/reading/"):
        with pytest.raises(Resolver404):
            resolve(prefix + stored)
    client = login(org.personnel)
    for prefix in ("/", "/media/", settings.STATIC_URL):
        assert client.get(prefix + stored).status_code == 404
    # No MEDIA_URL route exists at all, and static files come from elsewhere.
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("", "/")
    static_roots = [settings.STATIC_ROOT, *settings.STATICFILES_DIRS]
    assert all(str(settings.MEDIA_ROOT) != str(root) for root in static_roots)
