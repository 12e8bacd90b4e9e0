"""The database, one module for each thing it owns (nothing is re-exported here):

- ``addresses``: which addresses are accepted, the file behind a SQLite one, and how one is
  shown without its password (standard library until a check needs SQLAlchemy);
- ``engines``: one engine per database, SQLite's pragmas, and how writers take turns
  (busy timeout, PostgreSQL's advisory lock), a read-only engine for backups;
- ``sequences``: record numbers, the same on SQLite and PostgreSQL and never given twice;
- ``schema``: the structure versions this program knows and migrate-on-open;
- ``sqlite_files``: whole private copies of a live SQLite file, the backup mark;
- ``failures``: what the drivers' errors mean, in the secretary's words;
- ``transactions``: opening a database and the one transaction each command runs in
  (``unit_of_work``, ``read_connection``).
"""
