import io
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from html import unescape
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.utils import timezone, translation
from reversion.models import Version

from news.importers.parsing import ArticleError, detect_language, parse_article, read_article
from news.importers.service import import_articles
from news.models import Post, Status
from portal.site.dashboard import missing_translations
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
QINGDAO = FIXTURES / "qingdao-technology-transfer-2016.txt"
QINGDAO_RU = FIXTURES / "qingdao-technology-transfer-2016-ru.txt"
SUMMER_SCHOOL_CP1251 = FIXTURES / "summer-school-2015-cp1251.txt"
MALFORMED = FIXTURES / "malformed"
QINGDAO_TITLE = "The Second Session of Technology Transfer in the City of Qingdao"


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


def run(*args, stdout=None):
    """Run the command; returns its output, or raises CommandError with the output attached."""
    out = stdout or io.StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out)
    except CommandError as error:
        error.output = out.getvalue()
        raise
    return out.getvalue()


def article(*lines):
    return "\n".join(lines) + "\n"


def words(text):
    return re.sub(r"\s+", " ", text).strip()


# The format


def test_the_fixture_is_the_shared_article():
    assert QINGDAO.read_bytes() == (ROOT / "portal/site/demo/source" / QINGDAO.name).read_bytes()


def test_the_shared_article_is_split_into_the_parts_of_a_post():
    parsed = read_article(QINGDAO)
    assert parsed.title == QINGDAO_TITLE
    assert parsed.published_on == date(2016, 3, 3)
    assert parsed.lead.startswith("In mid October the opening ceremony")
    assert parsed.lead.endswith("acted as a representative of our University during the event.")
    assert len(parsed.paragraphs) == 6
    assert parsed.paragraphs[1].startswith("It is worth mentioning")
    assert (
        "SPbPU is frequently visited by delegations of the leading Chinese universities."
        in (parsed.paragraphs[1])
    )
    assert parsed.paragraphs[-1].endswith("Industrial Park run by ASRTU.")
    assert parsed.reference_note.startswith("ASRTU is a non-profit organization.")
    assert parsed.reference_note.endswith("between Russia and China.")
    assert parsed.signature == "International Relations Office"
    assert parsed.language == "en"
    assert parsed.encoding == "UTF-8"
    everything = " ".join([parsed.title, parsed.lead, *parsed.paragraphs, parsed.reference_note])
    assert "Перейти" not in everything
    assert ">>" not in everything


def test_the_article_is_carried_word_for_word():
    parsed = read_article(QINGDAO)
    source = QINGDAO.read_text(encoding="utf-8")
    text, reference = source.split("For your reference:")
    reference = reference.split("International Relations Office")[0]
    assert words(" ".join([parsed.title, parsed.lead, *parsed.paragraphs])) == words(text)
    assert words(parsed.reference_note) == words(reference)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # A paragraph broken mid-sentence, with or without blank lines in between.
        (
            ["SPbPU is frequently", "", "", "visited by delegations."],
            ["SPbPU is frequently visited by delegations."],
        ),
        (["Guests from Harbin,", "", "then from Qingdao."], ["Guests from Harbin, then from Qingdao."]),
        # Lines without a blank line between them always make one paragraph.
        (["A delegation came.", "It stayed a week."], ["A delegation came. It stayed a week."]),
        # A finished sentence, or a capital letter next, starts a new paragraph: headings survive.
        (["A delegation came.", "", "and left."], ["A delegation came.", "and left."]),
        (
            ["Results", "", "The parties signed an agreement."],
            ["Results", "The parties signed an agreement."],
        ),
        (["«Мы рады гостям.»", "", "затем гости уехали."], ["«Мы рады гостям.»", "затем гости уехали."]),
        (
            ["In the following fields:", "", "nanomaterials, space research."],
            ["In the following fields:", "nanomaterials, space research."],
        ),
    ],
)
def test_paragraph_joining(lines, expected):
    parsed = parse_article(article("Title", "", "Lead.", "", *lines, "", "Дата публикации: 2016.03.03"))
    assert list(parsed.paragraphs) == expected


def test_the_signature_may_come_before_the_reference_section():
    parsed = parse_article(
        article(
            "Title",
            "Lead.",
            "",
            "International Relations Office",
            "",
            "Справка: АТУРК — некоммерческая организация.",
            "Publication date: 2016.03.03",
        )
    )
    assert parsed.signature == "International Relations Office"
    assert parsed.reference_note == "АТУРК — некоммерческая организация."
    assert parsed.body_html == "<p>International Relations Office</p>"


def test_windows_line_endings_and_a_byte_order_mark_are_accepted(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"\xef\xbb\xbf" + QINGDAO.read_bytes().replace(b"\n", b"\r\n"))
    parsed = read_article(path)
    assert parsed.title == QINGDAO_TITLE
    assert parsed == replace(read_article(QINGDAO), source_name=str(path), encoding="UTF-8 with BOM")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            article("Title", "", "Lead.", "", "Дата публикации: 2016.03.03", "", "Stray text"),
            7,
            "after the publication date",
        ),
        (
            article("Title", "Lead.", "Дата публикации: 2016.03.03", "Publication date: 2016.03.04"),
            4,
            "second publication date",
        ),
        (
            article("Title", "Lead.", "Справка:", "A.", "Для справки:", "B.", "Дата публикации: 2016.03.03"),
            5,
            "a second “For your reference” section",
        ),
        (article("Title", "", "Дата публикации: 2016.03.03"), 1, "no text after its title"),
        (article("", "T" * 256, "Lead.", "Дата публикации: 2016.03.03"), 2, "256 characters"),
        (
            article("Title", "Lead.", "Дата публикации: 3 March 2016"),
            3,
            "“3 March 2016” is not a valid publication date",
        ),
        (article(">>Перейти к новостям"), 1, "only navigation"),
    ],
)
def test_what_the_parser_rejects(text, line, message):
    with pytest.raises(ArticleError) as caught:
        parse_article(text, "article.txt")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"article.txt:{line}: ")
    assert message in caught.value.message


def test_language_detection():
    assert detect_language("Вторая сессия по трансферу технологий (ASRTU)") == "ru"
    assert detect_language("The Second Session of Technology Transfer (АТУРК)") == "en"
    assert detect_language("2016") == "en"
    assert read_article(QINGDAO_RU).language == "ru"


# The command


def test_importing_the_shared_article_creates_a_draft():
    output = run(QINGDAO)
    post = Post.objects.get()
    assert f'{QINGDAO}: created: "{QINGDAO_TITLE}" ({post.slug}, 2016-03-03, en)' in output
    assert output.endswith("1 created, 0 skipped, 0 failed\n")
    assert post.slug == "the-second-session-of-technology-transfer-in-the-city-of-qingdao"
    assert post.title_en == QINGDAO_TITLE
    assert post.status == Status.DRAFT
    assert not post.is_demo
    assert post.published_at == datetime(2016, 3, 3, 12, tzinfo=ZoneInfo(settings.TIME_ZONE))
    assert post.lead_en.startswith("In mid October")
    paragraphs = re.findall(r"<p>(.*?)</p>", post.body_en)
    assert len(paragraphs) == 7
    assert paragraphs[-1] == "International Relations Office"
    assert "SPbPU is frequently visited by delegations" in unescape(post.body_en)
    assert "“Chinese scientists demonstrate" in unescape(post.body_en)
    assert post.reference_note_en.startswith("ASRTU is a non-profit organization.")
    assert "Перейти" not in post.body_en + post.reference_note_en
    # The Russian version is left for the translators.
    assert not any([post.title_ru, post.lead_ru, post.body_ru, post.reference_note_ru])
    assert list(post.translations_updated_at) == ["en"]


def test_an_imported_article_is_not_public(client):
    run(QINGDAO)
    post = Post.objects.get()
    assert not Post.objects.published().exists()
    assert list(Post.objects.drafts()) == [post]
    assert client.get(f"/en/news/{post.slug}/").status_code == 404


def test_the_import_is_recorded_in_the_history():
    run(QINGDAO)
    (version,) = Version.objects.get_for_object(Post.objects.get())
    assert version.revision.comment == f"Imported from {QINGDAO.name}"


def test_running_again_creates_nothing():
    run(QINGDAO, QINGDAO_RU)
    before = list(Post.objects.values_list("pk", "updated_at"))
    output = run(QINGDAO, QINGDAO_RU)
    assert list(Post.objects.values_list("pk", "updated_at")) == before
    assert f'{QINGDAO}: skipped (already imported): "{QINGDAO_TITLE}"' in output
    assert output.count("skipped (already imported)") == 2
    assert output.endswith("0 created, 2 skipped, 0 failed\n")


def test_a_post_with_the_same_title_and_day_counts_as_imported():
    existing = PostFactory(
        title_en=QINGDAO_TITLE, published_at=datetime(2016, 3, 3, 23, 30, tzinfo=ZoneInfo(settings.TIME_ZONE))
    )
    assert f'skipped (already imported): "{QINGDAO_TITLE}" ({existing.slug})' in run(QINGDAO)
    existing.published_at -= timedelta(days=1)
    existing.save()
    assert "1 created" in run(QINGDAO)


def test_the_same_article_twice_in_one_run_is_imported_once(tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(QINGDAO.read_bytes())
    assert f'{copy}: skipped (already imported): "{QINGDAO_TITLE}"' in run(QINGDAO, copy)
    assert Post.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("empty.txt", 1, "the file is empty"),
        ("no-title.txt", 3, "no title: the first line with text is “Дата публикации: 2016.03.03”"),
        ("no-date.txt", 1, "no publication date line"),
        ("bad-date.txt", 7, "“2016.13.45” is not a valid publication date (expected YYYY.MM.DD)"),
        ("binary-junk.txt", 1, "not a text file (binary content)"),
        ("does-not-exist.txt", 1, "no such file"),
    ],
)
def test_a_malformed_file_is_reported_with_its_name_and_line(name, line, message):
    path = MALFORMED / name
    with pytest.raises(CommandError, match=r"^0 created, 0 skipped, 1 failed$") as caught:
        run(path)
    assert f"{path}:{line}: {message}" in caught.value.output
    assert not Post.objects.exists()


def test_a_directory_is_reported(tmp_path):
    with pytest.raises(CommandError) as caught:
        run(tmp_path)
    assert f"{tmp_path}:1: a directory, not a file" in caught.value.output


def test_broken_files_do_not_stop_the_others():
    with pytest.raises(CommandError, match="1 created, 0 skipped, 2 failed") as caught:
        run(MALFORMED / "bad-date.txt", QINGDAO, MALFORMED / "missing.txt")
    lines = caught.value.output.splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        f"{MALFORMED / 'bad-date.txt'}:7",
        f"{QINGDAO}",
        f"{MALFORMED / 'missing.txt'}:1",
    ]
    assert Post.objects.get().title_en == QINGDAO_TITLE


def test_a_file_that_fails_to_save_leaves_nothing_behind(monkeypatch):
    save = Post.save

    def save_then_fail(self, *args, **kwargs):
        save(self, *args, **kwargs)
        if self.title_ru:
            raise IntegrityError("simulated")

    monkeypatch.setattr(Post, "save", save_then_fail)
    with pytest.raises(CommandError, match="1 created, 0 skipped, 1 failed") as caught:
        run(QINGDAO_RU, QINGDAO)
    assert f"{QINGDAO_RU}:1: could not be saved: simulated" in caught.value.output
    assert list(Post.objects.values_list("title_en", flat=True)) == [QINGDAO_TITLE]
    assert Version.objects.count() == 1


def test_the_exit_status_is_not_zero_when_a_file_failed():
    # Neither file reaches the database, so the command can run outside the test database.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"}
    files = [str(MALFORMED / "empty.txt"), str(MALFORMED / "missing.txt")]
    done = subprocess.run(
        [sys.executable, "manage.py", "import_articles", *files],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert f"{files[0]}:1: " in done.stdout
    assert f"{files[1]}:1: " in done.stdout
    # The command speaks the site's default language, Russian.
    assert "CommandError: создано 0, пропущено 0, с ошибкой 2" in done.stderr


def test_a_dry_run_writes_nothing():
    with pytest.raises(CommandError) as caught:
        run("--dry-run", QINGDAO, QINGDAO_RU, QINGDAO, MALFORMED / "empty.txt")
    output = caught.value.output
    assert (
        f'{QINGDAO}: would create: "{QINGDAO_TITLE}" '
        "(the-second-session-of-technology-transfer-in-the-city-of-qingdao, 2016-03-03, en)"
    ) in output
    assert f"{QINGDAO}: skipped (same as an earlier file)" in output
    assert str(caught.value) == "2 would be created, 1 skipped, 1 failed (dry run: nothing saved)"
    assert not Post.objects.exists()
    assert not Version.objects.exists()


def test_a_dry_run_of_good_files_succeeds():
    output = run("--dry-run", QINGDAO)
    assert output.endswith("1 would be created, 0 skipped, 0 failed (dry run: nothing saved)\n")
    assert not Post.objects.exists()


def test_the_russian_sample_goes_into_the_russian_fields():
    output = run(QINGDAO_RU)
    post = Post.objects.get()
    assert "(vtoraia-sessiia-po-transferu-tekhnologii-v-gorode-tsindao, 2016-03-03, ru)" in output
    assert post.title_ru == "Вторая сессия по трансферу технологий в городе Циндао"
    assert post.lead_ru.startswith("В середине октября")
    assert "СПбПУ часто посещают делегации ведущих университетов Китая." in post.body_ru
    assert re.findall(r"<p>(.*?)</p>", post.body_ru)[-1] == "Управление международных связей"
    assert post.body_ru.count("<p>") == 3
    assert post.reference_note_ru == "АТУРК — некоммерческая организация, созданная в 2011 году."
    assert not any([post.title_en, post.lead_en, post.body_en, post.reference_note_en])
    assert post.status == Status.DRAFT


def test_a_windows_1251_file_is_read_and_the_encoding_reported():
    with pytest.raises(UnicodeDecodeError):
        SUMMER_SCHOOL_CP1251.read_bytes().decode("utf-8")
    output = run(SUMMER_SCHOOL_CP1251)
    post = Post.objects.get()
    assert post.title_ru == "Летняя школа по нанотехнологиям для студентов из Китая"
    assert (
        "(letniaia-shkola-po-nanotekhnologiiam-dlia-studentov-iz-kitaia, 2015-07-10, ru, Windows-1251)"
        in (output)
    )
    assert post.reference_note_ru == "летняя школа проводится с 2014 года."
    assert post.body_ru.endswith("<p>Управление международных связей</p>")


def test_a_byte_order_mark_is_reported(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + QINGDAO.read_bytes())
    assert "2016-03-03, en, UTF-8 with BOM)" in run(path)
    assert Post.objects.get().title_en == QINGDAO_TITLE


def test_the_language_can_be_given():
    output = run("--language", "ru", QINGDAO)
    post = Post.objects.get()
    assert ", 2016-03-03, ru)" in output
    assert post.title_ru == QINGDAO_TITLE
    assert not post.title_en


def test_an_unknown_language_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        run("--language", "zh", QINGDAO)
    with pytest.raises(ValueError, match="Unknown language"):
        import_articles([QINGDAO], language="zh")


def test_translations_of_one_article_become_separate_drafts():
    run(QINGDAO, QINGDAO_RU)
    assert Post.objects.count() == 2


def test_the_service_reports_without_the_command():
    report = import_articles([QINGDAO, MALFORMED / "empty.txt"])
    assert (report.created, report.skipped, report.failed) == (1, 0, 1)
    assert str(report) == "1 created, 0 skipped, 1 failed"
    assert report.results[0].post == Post.objects.get()
    assert report.results[1].error.line == 1


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_no_progress_bar_when_the_output_is_not_a_terminal():
    output = run(QINGDAO, QINGDAO_RU)
    assert "\r" not in output
    assert "file/s" not in output and "2/2" not in output


def test_a_progress_bar_on_a_terminal_for_several_files():
    output = run(QINGDAO, QINGDAO_RU, stdout=FakeTerminal())
    assert "\r" in output
    assert "0/2" in output
    assert output.count("created:") == 2


def test_no_progress_bar_for_a_single_file():
    assert "\r" not in run(QINGDAO, stdout=FakeTerminal())


def test_quiet_mode_prints_only_failures_and_the_summary():
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(QINGDAO), str(MALFORMED / "empty.txt"), verbosity=0, stdout=out)
    assert out.getvalue() == f"{MALFORMED / 'empty.txt'}:1: the file is empty\n"


def test_published_at_is_noon_in_the_site_time_zone(settings):
    run(QINGDAO)
    local = timezone.localtime(Post.objects.get().published_at, ZoneInfo(settings.TIME_ZONE))
    assert (local.date(), local.hour) == (date(2016, 3, 3), 12)


def test_the_missing_translation_shows_on_the_dashboard():
    run(QINGDAO)
    post = Post.objects.get()
    assert [entry.obj for entry in missing_translations(Post, "ru").entries] == [post]
    assert missing_translations(Post, "en").count == 0
