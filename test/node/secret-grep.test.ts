/** The matcher behind the secret grep of the test run's logs (test/setup/secret-grep.ts). */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findSecrets, secretsInEnvFile } from "../setup/secret-grep";

const SECRETS = { OPERATOR_TOKEN: "op-token-0123456789", DB_PASSWORD: "pw-abcdef012345", SHORT: "pg" };

describe("the secret grep", () => {
  it("names each secret found, how often, and where it was first seen in the log file", () => {
    const entries = [
      { source: "stdout | a.test.ts > one", text: '{"event":"request"}\n{"event":"ok"}' },
      {
        source: "stderr | b.test.ts > two",
        text: `first line\nAuthorization: Bearer ${SECRETS.OPERATOR_TOKEN} and ${SECRETS.OPERATOR_TOKEN}`,
      },
      { source: "process stdout", text: `postgresql://postgres:${SECRETS.DB_PASSWORD}@127.0.0.1:5432/postgres` },
    ];
    // The file: "--- a" (1), two lines (2-3), "--- b" (4), "first line" (5), the token (6), "--- process stdout" (7), the URL (8).
    expect(findSecrets(entries, SECRETS)).toEqual([
      { name: "OPERATOR_TOKEN", count: 2, firstSource: "stderr | b.test.ts > two", firstLine: 6 },
      { name: "DB_PASSWORD", count: 1, firstSource: "process stdout", firstLine: 8 },
    ]);
  });

  it("finds nothing in clean logs, and ignores values too short to be secrets", () => {
    expect(findSecrets([{ source: "x", text: "pg pg pg: nothing to see" }], SECRETS)).toEqual([]);
  });

  it("reads the secret-like, non-empty variables of an env file", () => {
    const file = join(mkdtempSync(join(tmpdir(), "grep-")), ".dev.vars");
    writeFileSync(
      file,
      "API_TOKEN=abc123456789\nOPENAI_API_KEY=\nDATABASE_WS_PROXY=127.0.0.1:1/v1\nUSER_TOKEN_SECRET=s3cr3t-s3cr3t-s3cr3t\n",
    );
    expect(secretsInEnvFile(file)).toEqual({ API_TOKEN: "abc123456789", USER_TOKEN_SECRET: "s3cr3t-s3cr3t-s3cr3t" });
    expect(secretsInEnvFile(join(file, "missing"))).toEqual({});
  });
});
