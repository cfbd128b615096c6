"""Every SQL statement of the PostgreSQL store, in one place.

Layout (schema version 1). ``generations`` lists the versions of the index, ``current_generation``
(one row) points at the published one. Every other table is LIST-partitioned by generation: a
generation's rows live in tables of their own (``chunks_g7``, ...), written while it is staged as
standalone tables that no reader sees, attached as partitions when it is published (a lock that
readers never wait for), read through the parent tables with ``WHERE generation = %s`` (the
planner prunes to one partition), and detached concurrently then dropped when it is collected.
No DDL of the writer takes a lock that a reader's query waits for, so publishing never stalls
or deadlocks the readers of any replica. A generation of more than
``exact_search_max_chunks`` chunks gets an HNSW index on its vectors (inner product: the vectors
are unit rows, so it is the cosine); smaller ones are searched exactly, as the local store does.

Keyword scores are BM25 computed here, over our own tokens: ``postings`` holds each term's
frequency in each chunk with the chunk's length, ``terms`` each term's document frequency, and
``generations`` the number of chunks and their mean length; the formula is bm25s's default
("lucene": IDF = ln(1 + (N - df + 0.5) / (df + 0.5)), tf / (tf + k1 (1 - b + b |d| / avg|d|)),
k1 = 1.5, b = 0.75), so the scores equal the local store's.
"""

from __future__ import annotations

from psycopg import sql

SCHEMA_VERSION = 1

#: the partitioned tables, each with one partition per generation
PARTITIONED = ("documents", "chunks", "sentences", "words", "postings", "terms", "surface_forms")

VECTOR_EXTENSION = "CREATE EXTENSION IF NOT EXISTS vector"

BASE = """
CREATE TABLE IF NOT EXISTS schema_version (
    version integer PRIMARY KEY, migrated_at timestamptz NOT NULL DEFAULT now());
"""

#: version -> the statements that migrate the schema from version - 1
MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE generations (
    id integer PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz NOT NULL DEFAULT now(),
    state text NOT NULL CHECK (state IN ('staging', 'published', 'retired')), retired_at timestamptz,
    base integer, manifest jsonb, n_chunks bigint NOT NULL DEFAULT 0, avg_length double precision NOT NULL DEFAULT 1);
CREATE TABLE current_generation (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), generation integer REFERENCES generations (id));
INSERT INTO current_generation (generation) VALUES (NULL);
CREATE TABLE documents (
    generation integer NOT NULL, doc_id text NOT NULL, title text NOT NULL, date text, lang text NOT NULL,
    content_hash text NOT NULL, text_hash text NOT NULL, n_chunks integer NOT NULL, text text NOT NULL,
    structure jsonb NOT NULL, titled boolean NOT NULL, word_ids bigint[] NOT NULL,
    PRIMARY KEY (generation, doc_id)) PARTITION BY LIST (generation);
CREATE TABLE chunks (
    generation integer NOT NULL, chunk_id bigint NOT NULL, doc_id text NOT NULL, start integer NOT NULL,
    "end" integer NOT NULL, text text NOT NULL, sentences jsonb NOT NULL, section text NOT NULL,
    length integer NOT NULL, embedding vector NOT NULL,
    PRIMARY KEY (generation, chunk_id)) PARTITION BY LIST (generation);
CREATE INDEX chunks_doc ON chunks (generation, doc_id);
CREATE TABLE sentences (
    generation integer NOT NULL, sentence_id bigint NOT NULL, doc_id text NOT NULL, embedding vector NOT NULL,
    PRIMARY KEY (generation, sentence_id)) PARTITION BY LIST (generation);
CREATE INDEX sentences_doc ON sentences (generation, doc_id);
CREATE TABLE words (
    generation integer NOT NULL, word_id bigint NOT NULL, embedding vector NOT NULL,
    PRIMARY KEY (generation, word_id)) PARTITION BY LIST (generation);
CREATE TABLE postings (
    generation integer NOT NULL, term text NOT NULL, chunk_id bigint NOT NULL, doc_id text NOT NULL,
    tf integer NOT NULL, length integer NOT NULL,
    PRIMARY KEY (generation, term, chunk_id)) PARTITION BY LIST (generation);
CREATE INDEX postings_doc ON postings (generation, doc_id);
CREATE TABLE terms (
    generation integer NOT NULL, term text NOT NULL, df integer NOT NULL,
    PRIMARY KEY (generation, term)) PARTITION BY LIST (generation);
CREATE TABLE surface_forms (
    generation integer NOT NULL, folded text NOT NULL, surface text NOT NULL,
    PRIMARY KEY (generation, folded)) PARTITION BY LIST (generation);
""",
}

VECTOR_TYPE_EXISTS = "SELECT to_regtype('vector') IS NOT NULL"
MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(%s)"
SCHEMA_EXISTS = "SELECT to_regclass('schema_version') IS NOT NULL"
SCHEMA_VERSION_NOW = "SELECT coalesce(max(version), 0) FROM schema_version"
RECORD_VERSION = "INSERT INTO schema_version (version) VALUES (%s)"

# -- locks and generations -------------------------------------------------------------------------

TRY_LOCK = "SELECT pg_try_advisory_lock(%s)"
UNLOCK = "SELECT pg_advisory_unlock(%s)"
CURRENT = "SELECT c.generation, g.name, g.manifest FROM current_generation c LEFT JOIN generations g ON g.id = c.generation"
CURRENT_ID = "SELECT generation FROM current_generation"
GENERATION_STATS = "SELECT n_chunks, avg_length FROM generations WHERE id = %s"
NEXT_GENERATION = "SELECT coalesce(max(id), 0) + 1 FROM generations"
NEW_GENERATION = "INSERT INTO generations (id, name, state, base) VALUES (%s, %s, 'staging', %s)"
STAGING = "SELECT id FROM generations WHERE state = 'staging'"
COLLECTABLE = """
SELECT id FROM generations
WHERE state = 'retired' AND id <> %(previous)s AND retired_at < now() - make_interval(secs => %(grace)s)"""
DELETE_GENERATION = "DELETE FROM generations WHERE id = %s"
RETIRE = "UPDATE generations SET state = 'retired', retired_at = now() WHERE id = %s"
PUBLISH = "UPDATE generations SET state = 'published', manifest = %s WHERE id = %s"
POINT_AT = "UPDATE current_generation SET generation = %s"
PUBLISHED_WORDS = "SELECT word_id FROM words WHERE generation = %s"


def staged(statement: str, generation: int) -> sql.Composed:
    """A statement on a staged generation's own tables: ``{chunks}`` names ``chunks_g<generation>``, etc."""
    return sql.SQL(statement).format(**{t: sql.Identifier(f"{t}_g{generation}") for t in PARTITIONED})


#: a generation's table, standalone while it is staged (readers do not see it; no lock on the parent)
CREATE_STAGED = "CREATE TABLE {own} (LIKE {parent} INCLUDING ALL, CONSTRAINT {check} CHECK (generation = {generation}))"
#: staged -> visible: ShareUpdateExclusive on the parent, which readers' AccessShare does not wait for
ATTACH = "ALTER TABLE {parent} ATTACH PARTITION {own} FOR VALUES IN ({generation})"
#: visible -> standalone, without blocking readers (outside a transaction block)
DETACH = "ALTER TABLE {parent} DETACH PARTITION {own} CONCURRENTLY"
DETACH_FINALIZE = "ALTER TABLE {parent} DETACH PARTITION {own} FINALIZE"
DROP = "DROP TABLE IF EXISTS {own}"
ATTACHED = "SELECT inhdetachpending FROM pg_inherits WHERE inhrelid = to_regclass(%s)"


def table_statement(statement: str, table: str, generation: int) -> sql.Composed:
    own = f"{table}_g{generation}"
    return sql.SQL(statement).format(own=sql.Identifier(own), parent=sql.Identifier(table),
                                     check=sql.Identifier(f"{own}_generation"), generation=sql.Literal(generation))


#: memory for building a generation's HNSW graph (pgvector builds far faster when the graph fits)
INDEX_BUILD_MEMORY = "SELECT set_config('maintenance_work_mem', %s, true)"


def create_vector_index(generation: int, dimension: int) -> sql.Composed:
    """HNSW over the generation's chunk vectors (an expression index: the column's dimension is free)."""
    return sql.SQL("CREATE INDEX {} ON {} USING hnsw ((embedding::vector({})) vector_ip_ops)").format(
        sql.Identifier(f"chunks_g{generation}_hnsw"), sql.Identifier(f"chunks_g{generation}"), sql.Literal(dimension))


# -- staging a generation (statements for staged(): {table} is the staged generation's own table) ----

#: copy the rows of the documents that stay from generation %(base)s (read through the parent) in SQL
CARRY = {
    "documents": """
INSERT INTO {documents} SELECT %(new)s, doc_id, title, date, lang, content_hash, text_hash, n_chunks, text, structure,
                               titled, word_ids
FROM documents WHERE generation = %(base)s AND doc_id <> ALL(%(dropped)s::text[])""",
    "chunks": """
INSERT INTO {chunks} SELECT %(new)s, chunk_id, doc_id, start, "end", text, sentences, section, length, embedding
FROM chunks WHERE generation = %(base)s AND doc_id <> ALL(%(dropped)s::text[])""",
    "sentences": """
INSERT INTO {sentences} SELECT %(new)s, sentence_id, doc_id, embedding
FROM sentences WHERE generation = %(base)s AND doc_id <> ALL(%(dropped)s::text[])""",
    "postings": """
INSERT INTO {postings} SELECT %(new)s, term, chunk_id, doc_id, tf, length
FROM postings WHERE generation = %(base)s AND doc_id <> ALL(%(dropped)s::text[])""",
}
#: drop documents from a staged generation (a second apply replacing or removing them)
UNSTAGE = [f"DELETE FROM {{{table}}} WHERE doc_id = ANY(%(dropped)s::text[])"
           for table in ("documents", "chunks", "sentences", "postings")]

COPY_DOCUMENTS = ("COPY {documents} (generation, doc_id, title, date, lang, content_hash, text_hash, n_chunks, text, "
                  "structure, titled, word_ids) FROM STDIN WITH (FORMAT BINARY)")
DOCUMENT_TYPES = ["integer", "text", "text", "text", "text", "text", "text", "integer", "text", "jsonb", "boolean",
                  "bigint[]"]
COPY_CHUNKS = ('COPY {chunks} (generation, chunk_id, doc_id, start, "end", text, sentences, section, length, '
               "embedding) FROM STDIN WITH (FORMAT BINARY)")
CHUNK_TYPES = ["integer", "bigint", "text", "integer", "integer", "text", "jsonb", "text", "integer", "vector"]
COPY_SENTENCES = "COPY {sentences} (generation, sentence_id, doc_id, embedding) FROM STDIN WITH (FORMAT BINARY)"
SENTENCE_TYPES = ["integer", "bigint", "text", "vector"]
COPY_POSTINGS = "COPY {postings} (generation, term, chunk_id, doc_id, tf, length) FROM STDIN WITH (FORMAT BINARY)"
POSTING_TYPES = ["integer", "text", "bigint", "text", "integer", "integer"]
INSERT_WORD = ("INSERT INTO {words} (generation, word_id, embedding) VALUES (%s, %s, %s) "
               "ON CONFLICT (generation, word_id) DO NOTHING")

# -- finishing a generation ------------------------------------------------------------------------

#: the stored vectors of the words the staged documents use that ``apply`` left out as known
CARRY_WORDS = """
INSERT INTO {words} SELECT %(new)s, w.word_id, w.embedding FROM words w
WHERE w.generation = %(base)s AND w.word_id IN (SELECT unnest(word_ids) FROM {documents})
ON CONFLICT (generation, word_id) DO NOTHING"""
#: words of documents a later apply removed again. An anti-join by EXCEPT (hashed or sorted once):
#: ``NOT IN (SELECT unnest(...))`` was planned as a scan of the subquery per row, over a minute at
#: 10,000 chunks (33,000 words) for a one-document update (found by `rag bench --store postgres`).
PRUNE_WORDS = """
DELETE FROM {words} w USING (SELECT word_id FROM {words} EXCEPT SELECT unnest(word_ids) FROM {documents}) unused
WHERE w.word_id = unused.word_id"""
COUNT_TERMS = "INSERT INTO {terms} SELECT %(new)s, term, count(*) FROM {postings} GROUP BY term"
CHUNK_STATS = """
UPDATE generations SET (n_chunks, avg_length) = (SELECT count(*), coalesce(avg(length), 1) FROM {chunks})
WHERE id = %(new)s"""
STAGED_DOCUMENTS = """
SELECT doc_id, title, date, lang, content_hash, titled, n_chunks, text_hash FROM {documents} ORDER BY doc_id"""
#: planner statistics of a staged generation's tables, before readers query them
ANALYZE_STAGED = "ANALYZE {documents}, {chunks}, {sentences}, {words}, {postings}, {terms}, {surface_forms}"
STAGED_TEXTS = "SELECT text FROM {documents}"
COUNT_SENTENCES = "SELECT count(*) FROM {sentences}"
INSERT_SURFACE = "INSERT INTO {surface_forms} (generation, folded, surface) VALUES (%s, %s, %s)"
SERVER_VERSIONS = """
SELECT current_setting('server_version'), (SELECT extversion FROM pg_extension WHERE extname = 'vector')"""

# -- reading ---------------------------------------------------------------------------------------

#: BM25 (bm25s "lucene") of the chunks holding any of the terms; %(only)s limits the chunks (NULL: all)
KEYWORD = """
SELECT p.chunk_id,
       sum(ln(1 + (%(n)s::float8 - t.df + 0.5) / (t.df + 0.5))
           * p.tf / (p.tf + %(k1)s::float8 * (1 - %(b)s::float8 + %(b)s::float8 * p.length / %(avg)s::float8))) AS score
FROM terms t JOIN postings p ON p.generation = t.generation AND p.term = t.term
WHERE t.generation = %(generation)s AND t.term = ANY(%(terms)s::text[])
  AND (%(only)s::bigint[] IS NULL OR p.chunk_id = ANY(%(only)s::bigint[]))
GROUP BY p.chunk_id
ORDER BY score DESC, p.chunk_id
LIMIT %(limit)s"""
TERM_FREQUENCIES = "SELECT term, df FROM terms WHERE generation = %s AND term = ANY(%s::text[])"

EXACT_SEARCH = "SET LOCAL enable_indexscan = off"
EF_SEARCH = "SELECT set_config('hnsw.ef_search', %s, true)"


#: the chunks nearest to a query vector, every one compared (exact search)
DENSE_EXACT = """
SELECT chunk_id, -(embedding <#> %(query)s) FROM chunks
WHERE generation = %(generation)s ORDER BY embedding <#> %(query)s LIMIT %(limit)s"""


def dense_top(dimension: int) -> sql.Composed:
    """The chunks nearest to a query vector, by the HNSW index of the generation's partition."""
    return sql.SQL("""
SELECT chunk_id, -(embedding::vector({d}) <#> %(query)s::vector({d})) FROM chunks
WHERE generation = %(generation)s ORDER BY embedding::vector({d}) <#> %(query)s::vector({d}) LIMIT %(limit)s""").format(
        d=sql.Literal(dimension))


SIMILARITY = {
    table: f"SELECT {key}, -(embedding <#> %(query)s) FROM {table} WHERE generation = %(generation)s "
           f"AND {key} = ANY(%(ids)s::bigint[])"
    for table, key in (("chunks", "chunk_id"), ("sentences", "sentence_id"))
}
SENTENCE_VECTORS = "SELECT sentence_id, embedding FROM sentences WHERE generation = %s AND sentence_id = ANY(%s::bigint[])"
WORD_VECTORS = "SELECT word_id, embedding FROM words WHERE generation = %s AND word_id = ANY(%s::bigint[])"
ALL_CHUNK_VECTORS = "SELECT chunk_id, embedding FROM chunks WHERE generation = %s ORDER BY chunk_id"
CHUNKS = """
SELECT c.chunk_id, c.doc_id, c.start, c."end", c.text, c.sentences, d.title, d.date, d.lang, c.section, d.titled
FROM chunks c JOIN documents d ON d.generation = c.generation AND d.doc_id = c.doc_id
WHERE c.generation = %s AND c.chunk_id = ANY(%s::bigint[])"""
SURFACE_FORMS = "SELECT folded, surface FROM surface_forms WHERE generation = %s AND folded = ANY(%s::text[])"
DOCUMENT_TEXT = "SELECT text FROM documents WHERE generation = %s AND doc_id = %s"
