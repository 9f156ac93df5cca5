-- marsad store, version 1. Spans are code-point offsets into the text
-- inside documents.doc (the Document JSON, as `marsad analyze` writes it).
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  title TEXT,
  author TEXT,
  published TEXT,
  url TEXT,
  outlet TEXT,
  source TEXT NOT NULL,
  record INTEGER,
  chars INTEGER NOT NULL,
  events INTEGER NOT NULL,
  simhash INTEGER NOT NULL,
  band0 INTEGER NOT NULL,
  band1 INTEGER NOT NULL,
  band2 INTEGER NOT NULL,
  band3 INTEGER NOT NULL,
  duplicate_of TEXT,
  similarity REAL,
  ingested_at TEXT NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX documents_duplicate ON documents(duplicate_of);
CREATE INDEX documents_band0 ON documents(band0);
CREATE INDEX documents_band1 ON documents(band1);
CREATE INDEX documents_band2 ON documents(band2);
CREATE INDEX documents_band3 ON documents(band3);
-- Folded search terms (marsad_text::search), indexed as plain words.
CREATE VIRTUAL TABLE docs_fts USING fts5(title, body, content='', tokenize='unicode61 remove_diacritics 0');

CREATE TABLE actors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT,
  kind TEXT,
  category TEXT,
  country TEXT,
  wikidata TEXT,
  kb INTEGER NOT NULL
);
CREATE TABLE actor_aliases (
  actor TEXT NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (actor, alias)
);
CREATE TABLE doc_actors (
  doc TEXT NOT NULL,
  actor TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (doc, actor)
);
CREATE INDEX doc_actors_actor ON doc_actors(actor);

CREATE TABLE places (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT,
  lat REAL,
  lon REAL,
  place_type TEXT,
  country TEXT,
  precision TEXT
);
CREATE TABLE doc_places (
  doc TEXT NOT NULL,
  place TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  lat REAL,
  lon REAL,
  PRIMARY KEY (doc, place)
);
CREATE INDEX doc_places_place ON doc_places(place);
CREATE INDEX doc_places_latlon ON doc_places(lat, lon);

CREATE TABLE entities (
  doc TEXT NOT NULL,
  id TEXT NOT NULL,
  label TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (doc, id)
);
CREATE TABLE dates (
  doc TEXT NOT NULL,
  id TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  value TEXT,
  precision TEXT,
  PRIMARY KEY (doc, id)
);
CREATE TABLE quantities (
  doc TEXT NOT NULL,
  id TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  value REAL,
  unit TEXT,
  PRIMARY KEY (doc, id)
);
CREATE TABLE events (
  doc TEXT NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  mode TEXT,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  text TEXT NOT NULL,
  sentence TEXT NOT NULL,
  date TEXT,
  date_assumed INTEGER NOT NULL,
  place TEXT,
  lat REAL,
  lon REAL,
  polarity TEXT NOT NULL,
  modality TEXT NOT NULL,
  claim TEXT,
  confidence REAL NOT NULL,
  duplicate INTEGER NOT NULL,
  PRIMARY KEY (doc, id)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_place ON events(place);
CREATE TABLE event_actors (
  doc TEXT NOT NULL,
  event TEXT NOT NULL,
  actor TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (doc, event, actor, role)
);
CREATE INDEX event_actors_actor ON event_actors(actor);
CREATE TABLE event_quantities (
  doc TEXT NOT NULL,
  event TEXT NOT NULL,
  quantity TEXT NOT NULL,
  role TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (doc, event, quantity, role)
);
CREATE TABLE claims (
  doc TEXT NOT NULL,
  id TEXT NOT NULL,
  span_start INTEGER NOT NULL,
  span_end INTEGER NOT NULL,
  source TEXT,
  source_kind TEXT NOT NULL,
  certainty TEXT NOT NULL,
  verb TEXT,
  sentence TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (doc, id)
);
CREATE INDEX claims_source ON claims(source);
CREATE TABLE contradictions (
  doc TEXT NOT NULL,
  n INTEGER NOT NULL,
  kind TEXT NOT NULL,
  type TEXT NOT NULL,
  role TEXT,
  claim TEXT NOT NULL,
  event TEXT NOT NULL,
  value REAL,
  other_doc TEXT NOT NULL,
  other_claim TEXT NOT NULL,
  other_event TEXT NOT NULL,
  other_value REAL,
  PRIMARY KEY (doc, n)
);
CREATE INDEX contradictions_other ON contradictions(other_doc);
