/** Fixed tokens for the test Worker only; never valid anywhere else. */
export const TEST_TOKENS = {
  user: "test-user-token-0123456789",
  operator: "test-operator-token-0123456789",
  /** Signs user-bound tokens in the test Worker (≥ 32 characters). */
  userTokenSecret: "test-user-token-secret-0123456789abcdef",
} as const;

/**
 * Keys the fault tests configure for Pinecone and OpenAI, whose HTTP APIs they fake. Shaped so no
 * secret scanner mistakes them for real ones (no `sk-…` or `pcsk_…`); the secret grep of the test
 * run's logs looks for them too.
 */
export const TEST_PROVIDER_KEYS = {
  openai: "fake-openai-key-for-tests-7f3a9c",
  pinecone: "fake-pinecone-key-for-tests-2b8e4d",
} as const;
