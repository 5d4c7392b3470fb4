/**
 * The dataset loader's defaults, apart from the loader (which brings the checker, the table writer and
 * drizzle with it), so that a command line can show them in its --help without loading the loader.
 */

/** Rows per statement: each column travels as one array parameter, so this bounds message size only. */
export const DEFAULT_BATCH_SIZE = 10_000;
