"""The page's language tag and the Content-Language header name the same language."""

from django.urls import reverse

from tests.conftest import login


def test_html_lang_is_zh_hans_like_the_content_language_header(org):
    response = login(org.staff).get(reverse("home"))
    assert '<html lang="zh-Hans">' in response.content.decode()
    # BCP 47 tags ignore case: Django sends LANGUAGE_CODE as it is written, "zh-hans".
    assert response["Content-Language"].lower() == "zh-hans"


def test_the_500_page_says_zh_hans_too():
    from django.template.loader import render_to_string

    assert '<html lang="zh-Hans">' in render_to_string("500.html")
