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
  plaidSecret: "fake-plaid-secret-for-tests-9c41e7",
  /** 32 bytes in base64: PLAID_TOKEN_KEY. */
  plaidTokenKey: "ZmFrZS1wbGFpZC10b2tlbi1rZXktZm9yLXRlc3RzISE=",
  /** The access token the fake Plaid hands out (test/worker/plaid-fake.ts): never in a log line. */
  plaidAccessToken: "access-sandbox-fake-token-for-tests-5d1c",
} as const;
