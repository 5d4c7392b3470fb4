/** Fixed tokens for the test Worker only; never valid anywhere else. */
export const TEST_TOKENS = {
  user: "test-user-token-0123456789",
  operator: "test-operator-token-0123456789",
} as const;
