-- The search terms (documents.tsv) are the row's other large value: lz4
-- for them too (pglz was most of the server's compression time). A server
-- built without lz4 keeps pglz.
DO $$
BEGIN
  EXECUTE 'ALTER TABLE documents ALTER COLUMN tsv SET COMPRESSION lz4';
EXCEPTION WHEN OTHERS THEN
  NULL;
END
$$;
