"""Turkish and Bosnian (issue 16; CONTRACT.md "Turkish and Bosnian"): problems in tr and bs by
Accept-Language (tr-TR and bs-Latn-BA negotiated, Content-Language saying which), English for a
message without a translation, the public report form and status page in tr and bs by ?lang=
and by Accept-Language with all five languages linked, a ?lang= that is not one of the five
tags refused, and a user's locale that takes tr and bs."""

import json

import pytest

from harness import assert_problem, new_user


def problem_text(r):
    return json.dumps(r.json, ensure_ascii=False)


@pytest.mark.parametrize("lang,tag,title,message", [
    ("tr", "tr", "Hatalı istek", "İsteğin gövdesi geçerli bir JSON değil"),
    ("tr-TR,en;q=0.5", "tr", "Hatalı istek", "İsteğin gövdesi geçerli bir JSON değil"),
    ("bs", "bs", "Neispravan zahtjev", "Tijelo zahtjeva nije ispravan JSON"),
    ("bs-Latn-BA", "bs", "Neispravan zahtjev", "Tijelo zahtjeva nije ispravan JSON"),
])
def test_a_malformed_body_is_refused_in_turkish_and_bosnian(admin, lang, tag, title, message):
    r = admin.post("/municipalities", raw=b'{"name": ', lang=lang)
    assert_problem(r, 400)
    assert r.headers["Content-Language"] == tag
    assert r.json["title"] == title, r.json
    assert message in problem_text(r), r.json


@pytest.mark.parametrize("lang,title,message", [
    ("tr", "Oturum açılmadı", "Kullanıcı adı veya parola yanlış"),
    ("bs", "Niste prijavljeni", "Pogrešno korisničko ime ili lozinka"),
])
def test_a_wrong_password_is_said_in_turkish_and_bosnian(anon, lang, title, message):
    r = anon.post("/session", {"username": "nobody-here", "password": "not the password 1"},
                  lang=lang)
    assert_problem(r, 401)
    assert r.headers["Content-Language"] == lang
    assert r.json["title"] == title and message in problem_text(r), r.json


def test_a_field_message_in_turkish_names_the_field(admin):
    r = admin.post("/municipalities", {"country": "XK"}, lang="tr")
    assert_problem(r, 422, "name")
    assert r.json["title"] == "Geçersiz veri"
    assert any(e["field"] == "name" and e["message"] == "Bu alan zorunludur"
               for e in r.json["errors"]), r.json


def test_a_message_not_yet_translated_reads_in_english(admin):
    # The 403 title has a Turkish wording; the subject-access export's message does not yet.
    r = admin.get("/subject-access?case_ids=1", lang="tr")
    assert_problem(r, 403)
    assert r.headers["Content-Language"] == "tr"
    assert r.json["title"] == "İzin verilmiyor"
    assert "A person's data is exported by a manager" in problem_text(r), r.json


@pytest.mark.parametrize("lang,heading,submit", [
    ("tr", "Bize ne olduğunu anlatın", "Bildirimi gönder"),
    ("bs", "Recite nam šta se desilo", "Pošalji prijavu"),
])
def test_the_public_report_form_in_turkish_and_bosnian(anon, lang, heading, submit):
    for how in ({"path": f"/report?lang={lang}"}, {"path": "/report", "lang": lang}):
        r = anon.get(how["path"], root=True, lang=how.get("lang"))
        assert r.status == 200 and r.content_type == "text/html", r
        assert r.headers["Content-Language"] == lang
        html = r.text
        assert f'<html lang="{lang}">' in html
        assert heading in html and submit in html
        assert f'name="lang" value="{lang}"' in html
        for tag, name in (("sq", "Shqip"), ("en", "English"), ("sr-Latn", "Srpski"),
                          ("tr", "Türkçe"), ("bs", "Bosanski")):
            assert f'hreflang="{tag}" lang="{tag}"' in html and f">{name}</a>" in html, tag
        assert html.count('aria-current="true"') == 1
    status = anon.get(f"/report/status?lang={lang}", root=True)
    assert status.status == 200 and f'<html lang="{lang}">' in status.text


def test_the_public_report_form_in_turkish_with_a_regional_accept_language(anon):
    r = anon.get("/report", root=True, lang="tr-TR")
    assert r.headers["Content-Language"] == "tr" and "Bize ne olduğunu anlatın" in r.text


@pytest.mark.parametrize("bad", ["tr-TR", "bs-Latn-BA", "TR", "de"])
def test_a_lang_that_is_not_one_of_the_five_tags_is_400(anon, admin, bad):
    assert_problem(anon.get(f"/report?lang={bad}", root=True), 400, "lang")
    assert_problem(admin.get(f"/processing-record?lang={bad}"), 400, "lang")


def test_the_record_of_processing_takes_tr_and_bs(server, admin):
    dpo = new_user(admin, "auditor")
    c = server.sign_in(dpo.username, dpo.password)
    for lang in ("tr", "bs"):
        r = c.get(f"/processing-record?format=html&lang={lang}")
        assert r.status == 200 and f'lang="{lang}"' in r.text, r


def test_a_user_may_choose_turkish_or_bosnian(server, admin):
    u = new_user(admin, "national", locale="tr")
    assert admin.get(f"/users/{u.id}").json["locale"] == "tr"
    c = server.sign_in(u.username, u.password)
    r = c.patch("/me", {"locale": "bs"})
    assert r.status == 200 and r.json["locale"] == "bs", r
    assert_problem(c.patch("/me", {"locale": "bs-Latn-BA"}), 422, "locale")
    assert c.get("/me").json["locale"] == "bs"
