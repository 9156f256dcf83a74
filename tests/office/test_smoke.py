from tests.conftest import login


def test_it_shows_home_in_chinese(org):
    response = login(org.staff).get("/")
    assert response.status_code == 200
    assert "刘职员，您好" in response.content.decode()
