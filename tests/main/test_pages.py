def test_home_page_is_french_and_offers_code_entry(client):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="fr">' in page
    assert "Code d'accès" in page


def test_unknown_url_gives_a_french_404(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_security_headers_are_set(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_health_check_answers(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_static_files_are_gzipped_and_cached_for_a_year_when_versioned(client):
    page = client.get("/").get_data(as_text=True)
    import re

    css = re.search(r'href="(/static/css/boussole\.css\?v=[0-9a-f]+)"', page).group(1)
    reply = client.get(css, headers={"Accept-Encoding": "gzip, deflate"})
    assert reply.status_code == 200
    assert reply.headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in reply.headers["Cache-Control"] and "immutable" in reply.headers["Cache-Control"]
    import gzip

    assert b":root" in gzip.decompress(reply.data)
    again = client.get(css, headers={"Accept-Encoding": "gzip", "If-None-Match": reply.headers["ETag"]})
    assert again.status_code == 304


def test_static_file_outside_the_folder_is_404(client):
    assert client.get("/static/../config.py").status_code == 404
    assert client.get("/static/nope.css").status_code == 404
    plain = client.get("/static/css/boussole.css")
    assert "Content-Encoding" not in plain.headers and "max-age=3600" in plain.headers["Cache-Control"]
