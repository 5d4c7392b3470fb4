-- pgvector must exist before the vectors table (drizzle-kit does not emit extensions).
CREATE EXTENSION IF NOT EXISTS vector;
