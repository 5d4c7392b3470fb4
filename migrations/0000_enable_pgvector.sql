-- pgvector must exist before the vectors table (drizzle-kit does not emit extensions).
-- Neon and the embedded PGlite have it; a plain PostgreSQL server without it (the real server
-- the concurrency tests run on) gets every other table, and 0001 skips the vector objects.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  ELSE
    RAISE WARNING 'pgvector is not available on this server: the vectors table is not created';
  END IF;
END $$;
