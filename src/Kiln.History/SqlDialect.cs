namespace Kiln.History;

/// <summary>The two databases the history runs on. Store SQL is shared; only migrations and locks differ.</summary>
internal enum SqlDialect { Sqlite, Postgres }
