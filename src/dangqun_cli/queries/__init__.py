"""The read side: lists, records and reports as plain data, through SQLAlchemy Core.

Nothing here imports the ORM or SQLModel (``import sqlmodel`` alone costs ~0.4 s here,
Core ~0.25 s): a list a secretary waits for pays only for what it reads. Each function
takes a ``Connection`` and returns dicts in the shapes of SPEC §6–7.
"""
