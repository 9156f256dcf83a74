"""With DEBUG off, refusals and missing pages explain themselves in Chinese."""

from tests.conftest import login


def test_403_page_is_chinese_and_keeps_the_reason(org, settings):
    settings.DEBUG = False
    response = login(org.staff).get("/settings/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and "您没有权限使用此功能。" in page


def test_404_page_is_chinese(org, settings):
    settings.DEBUG = False
    response = login(org.staff).get("/no-such-page/")
    assert response.status_code == 404
    assert "没有找到该页面" in response.content.decode()


def test_500_page_is_chinese(client, settings):
    from django.views.defaults import server_error

    response = server_error(client.get("/").wsgi_request)
    assert response.status_code == 500
    assert "系统出错了" in response.content.decode()
