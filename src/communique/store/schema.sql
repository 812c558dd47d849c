-- communique's SQLite store. One table per record kind; columns are named as the record fields of
-- src/communique/schema (a test checks that they agree). Record lists keep their order in `seq`.
-- Identifiers that are SQL keywords ("start", "end", "by") are always quoted.

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
    pk INTEGER PRIMARY KEY,                -- stable rowid for the full-text index
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    title TEXT,
    published TEXT,
    language TEXT,
    status TEXT NOT NULL,
    genre TEXT,
    genre_reason TEXT,
    author TEXT,
    site TEXT,
    url TEXT,
    content_hash TEXT NOT NULL,
    duplicate_of TEXT,
    text TEXT NOT NULL,
    tone REAL,
    authors TEXT,                          -- JSON arrays of actor ids; evidence in `roles`
    senders TEXT,
    addressees TEXT,
    signatories TEXT,
    extensions TEXT NOT NULL DEFAULT '{}', -- JSON: records of third-party kinds
    warnings TEXT NOT NULL DEFAULT '[]',   -- JSON list of {code, message, start, end}
    extractors TEXT NOT NULL DEFAULT '[]', -- JSON list of extractor names that ran
    kinds TEXT NOT NULL DEFAULT '[]',      -- JSON list of record kinds that were assigned
    schema_version TEXT NOT NULL,
    pipeline TEXT,                         -- JSON: versions of communique, model and extractors
    analysed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_published ON documents(published);
CREATE INDEX IF NOT EXISTS documents_genre ON documents(genre);
CREATE INDEX IF NOT EXISTS documents_content_hash ON documents(content_hash);
CREATE INDEX IF NOT EXISTS documents_duplicate_of ON documents(duplicate_of);
CREATE INDEX IF NOT EXISTS documents_source ON documents(source);  -- --resume skips stored files unread

CREATE VIRTUAL TABLE IF NOT EXISTS documents_fts USING fts5(
    title, text, content='documents', content_rowid='pk', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END;
CREATE TRIGGER IF NOT EXISTS documents_fts_update AFTER UPDATE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END;

-- Corpus-wide actors: one row per actor id, with its latest normalised attributes.
CREATE TABLE IF NOT EXISTS actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    sector TEXT
);
CREATE INDEX IF NOT EXISTS actors_country ON actors(country);

-- The actors of one document, as that document's record gives them.
CREATE TABLE IF NOT EXISTS document_actors (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    members TEXT NOT NULL DEFAULT '[]',    -- JSON list of actor ids
    PRIMARY KEY (doc_id, actor_id)
);
CREATE INDEX IF NOT EXISTS document_actors_actor ON document_actors(actor_id);

CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    seq INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS mentions_doc ON mentions(doc_id);
CREATE INDEX IF NOT EXISTS mentions_actor ON mentions(actor_id);

CREATE TABLE IF NOT EXISTS roles (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    actor TEXT NOT NULL REFERENCES actors(id),
    "start" INTEGER,                       -- null when the role comes from metadata (origin)
    "end" INTEGER,
    text TEXT NOT NULL,
    description TEXT,
    origin TEXT NOT NULL DEFAULT 'text'    -- text or metadata
);
CREATE INDEX IF NOT EXISTS roles_doc ON roles(doc_id);
CREATE INDEX IF NOT EXISTS roles_actor ON roles(actor, role);

CREATE TABLE IF NOT EXISTS quotes (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    speaker TEXT REFERENCES actors(id),
    text TEXT NOT NULL,
    direct INTEGER NOT NULL,
    cue TEXT,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    speaker_start INTEGER,
    speaker_end INTEGER
);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);

CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    cameo TEXT,
    mode TEXT,
    modality TEXT NOT NULL,
    negated INTEGER NOT NULL,
    date TEXT,
    date_granularity TEXT,
    date_source TEXT,
    place_name TEXT,
    place_country TEXT,
    place_lat REAL,
    place_lon REAL,
    place_geonames_id INTEGER,
    place_start INTEGER,
    place_end INTEGER,
    trigger TEXT NOT NULL,
    actor_text TEXT,
    recipient_text TEXT,
    claimed_by TEXT REFERENCES actors(id),
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS events_type_date ON events(type, date);
CREATE INDEX IF NOT EXISTS events_date ON events(date);
CREATE INDEX IF NOT EXISTS events_place_country ON events(place_country);

-- Who did an event (role 'actor') and to whom (role 'recipient'), in list order.
CREATE TABLE IF NOT EXISTS event_actors (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    seq INTEGER NOT NULL,
    actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (event_id, role, seq)
);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors(actor_id, role);

CREATE TABLE IF NOT EXISTS demands (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    "by" TEXT REFERENCES actors(id),
    target TEXT REFERENCES actors(id),
    text TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS demands_doc ON demands(doc_id);
CREATE INDEX IF NOT EXISTS demands_by ON demands("by");
CREATE INDEX IF NOT EXISTS demands_target ON demands(target);

CREATE TABLE IF NOT EXISTS stances (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    holder TEXT NOT NULL REFERENCES actors(id),
    target TEXT NOT NULL REFERENCES actors(id),
    polarity TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS stances_doc ON stances(doc_id);
CREATE INDEX IF NOT EXISTS stances_holder ON stances(holder, target);
CREATE INDEX IF NOT EXISTS stances_target ON stances(target);

CREATE TABLE IF NOT EXISTS techniques (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    label TEXT NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    confidence REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS techniques_doc ON techniques(doc_id);
CREATE INDEX IF NOT EXISTS techniques_label ON techniques(label);

-- Documents that could not be analysed, with their coded error; retried by the next run.
CREATE TABLE IF NOT EXISTS failures (
    source TEXT PRIMARY KEY,
    doc_id TEXT,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    failed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS failures_code ON failures(code);
