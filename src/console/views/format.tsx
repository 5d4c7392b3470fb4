import type { FC } from "hono/jsx";

/** "2026-12-01 22:10:05 UTC": one unambiguous form for every time on every page, to the second (so "oldest first" can be checked). */
export function formatTime(at: Date | string | null | undefined): string {
  if (!at) return "—";
  const iso = (typeof at === "string" ? new Date(at) : at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
}

/** "3 d 4 h", "2 h 5 min", "40 s": how long something has waited. */
export function formatAge(from: Date, now: Date): string {
  const s = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export const percent = (ratio: number | null | undefined, digits = 1): string =>
  ratio === null || ratio === undefined || !Number.isFinite(ratio) ? "—" : `${(ratio * 100).toFixed(digits)}%`;

export const millis = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? "—"
    : `${value === 0 || value >= 10 ? Math.round(value) : value.toFixed(1)} ms`;

export const money = (value: number | null | undefined): string =>
  value === null || value === undefined ? "—" : `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const decimal = (value: number | null | undefined, digits = 1): string =>
  value === null || value === undefined ? "—" : value.toFixed(digits);

/** "high_utilization" → "High utilization". */
export const humanize = (value: string): string => {
  const words = value.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const BADGE_KINDS = new Set(["approved", "pending", "flagged", "rejected", "superseded", "granted", "revoked"]);

/** A status as a labelled badge: colour plus the word, never colour alone. */
export const StatusBadge: FC<{ status: string }> = ({ status }) => (
  <span class={`badge badge-${BADGE_KINDS.has(status) ? status : "neutral"}`}>{status}</span>
);

/** Where a recommendation or a request came from, as the API names it. */
export const Source: FC<{ source: string | null }> = ({ source }) => <span class="source">{source ?? "error"}</span>;

/** The last cells of a recommendation's row in a list: its status, who made it, when. */
export const ReviewCells: FC<{ status: string; source: string | null; createdAt: Date }> = ({ status, source, createdAt }) => (
  <>
    <td data-label="Status">
      <StatusBadge status={status} />
    </td>
    <td data-label="Source">
      <Source source={source} />
    </td>
    <td data-label="Created">{formatTime(createdAt)}</td>
  </>
);
