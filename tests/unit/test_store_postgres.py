"""The PostgreSQL store's own parts: dialect, migrations, opening and its errors."""

from __future__ import annotations

import sys

import pytest

from storyline.errors import StoreError
from storyline.store import SCHEMA_VERSION, open_store, store_exists
from storyline.store.pg_schema import PG_MIGRATIONS, PG_SCHEMA_VERSION, pg_statements
from storyline.store.postgres import is_postgres_url, redact_url, translate
from storyline.store.schema import MIGRATIONS
from tests.factories import make_article


def test_every_sqlite_migration_has_its_postgres_twin():
    # A new SQLite migration needs the same-numbered step in pg_schema.PG_MIGRATIONS.
    assert len(PG_MIGRATIONS) == len(MIGRATIONS)
    assert PG_SCHEMA_VERSION == SCHEMA_VERSION


def test_migration_scripts_split_into_statements_keeping_function_bodies_whole():
    script = "CREATE TABLE a (x INT);\nCREATE FUNCTION f() AS $fn$ BEGIN x; y; END $fn$;\nDROP b"
    assert pg_statements(script) == [
        "CREATE TABLE a (x INT)",
        "CREATE FUNCTION f() AS $fn$ BEGIN x; y; END $fn$",
        "DROP b",
    ]
    first = pg_statements(PG_MIGRATIONS[0] or "")
    assert sum("$fn$" in statement for statement in first) == 1


def test_placeholders_and_percent_signs_are_translated_outside_strings_only():
    sql, numbers = translate("SELECT '?%' || x FROM t WHERE a = ? AND b LIKE '%a' AND c % 2 = ?")
    assert sql == "SELECT '?%%' || x FROM t WHERE a = %s AND b LIKE '%%a' AND c %% 2 = %s"
    assert numbers is None


def test_numbered_placeholders_become_named_ones():
    sql, numbers = translate("SELECT x FROM t WHERE a = ?1 OR b = ?1 OR c = ?2")
    assert sql == "SELECT x FROM t WHERE a = %(p1)s OR b = %(p1)s OR c = %(p2)s"
    assert numbers == (1, 2)


def test_insert_or_ignore_and_or_replace_become_conflict_clauses():
    ignore, _ = translate("INSERT OR IGNORE INTO raw (id, data, size) VALUES (?, ?, ?)")
    assert ignore == "INSERT INTO raw (id, data, size) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING"
    replace, _ = translate("INSERT OR REPLACE INTO state (name, data) VALUES ('thread', ?)")
    assert replace == (
        "INSERT INTO state (name, data) VALUES ('thread', %s)"
        " ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data"
    )


def test_the_reserved_column_name_offset_is_quoted_but_the_keyword_is_not():
    sql, _ = translate("SELECT r.offset, origin_offset FROM rejections r LIMIT ? OFFSET ?")
    assert sql == 'SELECT r."offset", origin_offset FROM rejections r LIMIT %s OFFSET %s'


def test_urls_are_told_from_files_and_passwords_never_shown():
    assert is_postgres_url("postgresql://u@h/db") and is_postgres_url("POSTGRES://h/db")
    assert not is_postgres_url("storyline.db") and not is_postgres_url(None)
    assert redact_url("postgresql://ann:s3cret@db.example:5433/news?sslmode=require") == (
        "postgresql://ann@db.example:5433/news?sslmode=require"
    )
    assert redact_url("postgresql://ann@db.example/news") == "postgresql://ann@db.example/news"
    assert store_exists("postgresql://ann@db.example/news")


def test_a_postgres_url_without_psycopg_names_the_extra_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg now fails
    with pytest.raises(StoreError, match=r"storyline\[postgres\]"):
        open_store("postgresql://nobody@127.0.0.1:1/none")


def test_an_unreachable_server_is_a_store_error_without_the_password():
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    with pytest.raises(StoreError, match="Cannot connect") as raised:
        open_store("postgresql://ann:s3cret@127.0.0.1:1/none?connect_timeout=3")
    assert "s3cret" not in str(raised.value)


# -- against a server -------------------------------------------------------------------


def test_an_empty_database_is_no_store_for_a_read_command(pg_url):
    with pytest.raises(StoreError, match="no store at"):
        open_store(pg_url, create=False)
    with open_store(pg_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
    with open_store(pg_url, create=False) as store:
        assert store.counts()["articles"] == 0


def test_a_store_from_a_newer_version_is_refused(pg_url):
    with open_store(pg_url) as store:
        store._db.execute("UPDATE storyline_schema SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        open_store(pg_url)


def test_search_matches_word_forms_and_marks_the_hit(pg_url):
    accepted = make_article("Drivers will strike on Monday, the union said.", title="Bus strike")
    with open_store(pg_url) as store:
        store.add_article(accepted)
        from storyline.models import CleanArticle

        cleaned = CleanArticle(accepted.article, accepted.article.text, ())
        with store.transaction():
            stage = store._stage_id({"stage": "clean", "version": "1", "params": {}})
            store._save_cleaned(cleaned, stage)
        [hit] = store.search("striking")
        assert hit["id"] == accepted.article.id
        assert "[strike]" in hit["snippet"]
        assert store.search("council AND (") == []
        assert store.search("ferry") == []


def test_a_failed_statement_rolls_back_the_whole_transaction(pg_url):
    accepted = make_article()
    with open_store(pg_url) as store:
        with pytest.raises(StoreError, match="PostgreSQL said"), store.transaction():
            store.add_article(accepted)
            store._db.execute("INSERT INTO no_such_table VALUES (1)")
        assert store.counts()["articles"] == 0
        assert store.add_article(accepted)  # the connection is usable again


def test_the_postgres_store_adds_no_public_method_to_the_interface():
    from storyline.store import PUBLIC_METHODS
    from storyline.store.postgres import PostgresStore

    public = {
        name
        for name in dir(PostgresStore)
        if not name.startswith("_") and callable(getattr(PostgresStore, name))
    }
    assert public == PUBLIC_METHODS


def test_a_postgres_store_of_version_8_gets_the_text_free_index_and_compact_groups(pg_url):
    import psycopg

    from storyline.store.codec import GROUP_MAGIC, pack_json
    from storyline.store.pg_schema import pg_statements

    story = {"id": "s1", "centroid": {"strike": 0.5, "union": 0.25}, "member_terms": [["strike"]]}
    with psycopg.connect(pg_url, autocommit=True) as old:  # a store made before migration 9
        old.execute("CREATE TABLE storyline_schema (version INTEGER)")
        old.execute("INSERT INTO storyline_schema (version) VALUES (8)")
        for statement in pg_statements(PG_MIGRATIONS[0] or ""):
            old.execute(statement)
        old.execute("INSERT INTO raw (id, data, size) VALUES ('r1', '\\x00', 1)")
        old.execute(
            "INSERT INTO articles (id, raw_id, format, outlet, title, text, origin_path,"
            " ingested_at) VALUES ('a1', 'r1', 'text', 'Valley Post', 'Bus drivers',"
            " 'Drivers will strike on Monday, the union said.', 'a.txt', '2025-01-01')"
        )
        old.execute("INSERT INTO stage_params (stage, version, params) VALUES ('c', '1', '{}')")
        old.execute(
            "INSERT INTO cleaned (article_id, text, removals, stage_id)"
            " SELECT id, NULL, '[]', 1 FROM articles"
        )
        old.execute(
            "INSERT INTO article_fts (rowid, title, text) SELECT seq, title, text FROM articles"
        )
        old.execute("INSERT INTO cluster_stories (id, data) VALUES ('s1', %s)", (pack_json(story),))
        old.execute("INSERT INTO state (name, data) VALUES ('cluster', %s)", (pack_json({}),))

    with open_store(pg_url) as migrated:
        assert migrated.schema_version() == SCHEMA_VERSION
        [hit] = migrated.search("striking")
        assert hit["title"] == "Bus drivers" and "[strike]" in hit["snippet"]
        columns = migrated._db.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'article_fts' AND table_schema = current_schema()"
        ).fetchall()
        assert sorted(row["column_name"] for row in columns) == ["doc", "rowid"]
        stored = migrated._db.execute("SELECT data FROM cluster_stories").fetchone()["data"]
        assert bytes(stored).startswith(GROUP_MAGIC)
        assert migrated._load_cluster_state() == {"stories": [story]}


def test_a_search_path_without_an_existing_schema_is_a_store_error(pg_server):
    from tests.conftest import with_search_path

    with pytest.raises(StoreError, match="CREATE SCHEMA"):
        open_store(with_search_path(pg_server, "no_such_schema_here"))
