-- The stored document JSON is most of a document's bytes: lz4 compresses
-- it several times faster than PostgreSQL's default (pglz). A server built
-- without lz4 keeps pglz.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE documents ALTER COLUMN doc SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
  NULL;
END
$$;
