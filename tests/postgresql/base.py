"""PostgreSQL exactly as in production, except how the test database is emptied.

pytest-django empties the database after every test that commits (the browser tests, which need a
live server). Django does it with one TRUNCATE of every table, which on PostgreSQL creates new files
for each of the sixty-odd tables: two seconds a test here. DELETE of the few rows such a test leaves
takes a quarter of that, and the foreign keys, all deferred, are checked when the flush commits.
"""

from django.db.backends.postgresql import base


class DatabaseOperations(base.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences:
            return super().sql_flush(style, tables, reset_sequences=True, allow_cascade=allow_cascade)
        return [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};"
            for table in tables
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
