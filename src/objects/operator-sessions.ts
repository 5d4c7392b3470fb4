/**
 * One Durable Object per operator: their open console sessions. A session is valid only while it
 * is listed here, so signing out (or "sign out everywhere") ends it at every location at once,
 * whatever copies of the cookie exist. Keys are SHA-256 hashes of the session ids, so the stored
 * list cannot be replayed as cookies.
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../config";

export interface StoredSession {
  csrf: string;
  /** Unix seconds. */
  expiresAt: number;
  /** Unix seconds. */
  createdAt: number;
}

const PREFIX = "s:";

export class OperatorSessions extends DurableObject<Env> {
  /** Record a new session (and forget the expired ones). */
  async open(idHash: string, session: StoredSession): Promise<void> {
    await this.prune(session.createdAt);
    await this.ctx.storage.put(PREFIX + idHash, session);
  }

  /** The session, while it is open and not expired. */
  async find(idHash: string, nowSeconds: number): Promise<StoredSession | null> {
    const session = await this.ctx.storage.get<StoredSession>(PREFIX + idHash);
    if (!session) return null;
    if (session.expiresAt <= nowSeconds) {
      await this.ctx.storage.delete(PREFIX + idHash);
      return null;
    }
    return session;
  }

  /** End one session. */
  async close(idHash: string): Promise<void> {
    await this.ctx.storage.delete(PREFIX + idHash);
  }

  /** End every session of this operator; how many were open. */
  async closeAll(): Promise<number> {
    const all = await this.ctx.storage.list({ prefix: PREFIX });
    await this.ctx.storage.delete([...all.keys()]);
    return all.size;
  }

  /** How many sessions are open now. */
  async count(nowSeconds: number): Promise<number> {
    await this.prune(nowSeconds);
    return (await this.ctx.storage.list({ prefix: PREFIX })).size;
  }

  private async prune(nowSeconds: number): Promise<void> {
    const all = await this.ctx.storage.list<StoredSession>({ prefix: PREFIX });
    const expired = [...all].filter(([, s]) => s.expiresAt <= nowSeconds).map(([k]) => k);
    if (expired.length) await this.ctx.storage.delete(expired);
  }
}
