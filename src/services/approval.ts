import { DISCLOSURE, runGuardrails } from "../domain/guardrails";
import type { Signals } from "../domain/signals";

/**
 * The approval policy for each served item: one that passes every guardrail is approved when
 * AUTO_APPROVE_GUARDED is on; shaming language flags it; anything else waits for an operator.
 */
export function reviewStatus(
  item: { title: string; content: string; rationale: string },
  profile: { signals: Signals },
  autoApprove: boolean,
) {
  const result = runGuardrails({ ...item, disclosure: DISCLOSURE }, profile.signals);
  if (result.violations.some((v) => v.kind === "tone")) return { status: "flagged" as const, result };
  return { status: result.passed && autoApprove ? ("approved" as const) : ("pending" as const), result };
}
