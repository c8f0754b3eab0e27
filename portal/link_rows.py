"""Hand-written SQL over many-to-many link tables, for pages that read a row's links on every request."""

from django.db import connection


def link_rows_sql(model, kind: int, field_name: str) -> str:
    """Return SQL selecting ``(kind, linked id)`` of one row's links through ``model.field_name``,
    the row's id as its one ``%s``: parts of a UNION ALL that reads several kinds of links at once.

    Quoted names and %s placeholders suit SQLite and PostgreSQL alike.
    """
    field = model._meta.get_field(field_name)
    quote = connection.ops.quote_name
    table, own, other = field.m2m_db_table(), field.m2m_column_name(), field.m2m_reverse_name()
    return f"SELECT {kind}, {quote(other)} FROM {quote(table)} WHERE {quote(own)} = %s"
