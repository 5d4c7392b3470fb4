/**
 * What the LLM is asked, and how its answer is checked.
 *
 * Request: a persona-specific system prompt (tone rules, grounding rules, and the catalog topics
 * this person is ELIGIBLE for, so the model chooses among them) and, as the user message, the JSON
 * of the person's context. The response format is a strict JSON schema.
 *
 * Answer: parsed and validated with zod, then post-validated item by item:
 *   - the topic must have been offered and be eligible for these signals (else the item is dropped);
 *   - a rationale that cites a number not in the signals (checkGrounding) or uses shaming language
 *     (checkTone) is replaced by the catalog's rationale rendered from the signals ("re-grounded");
 *   - a title or content with shaming language is replaced by the catalog's (the engine then applies
 *     the reuse rule to every generator's titles and contents, src/domain/reuse-rule.ts);
 *   - topics are deduplicated; fewer than 3 items left is a malformed answer.
 */
import { z } from "zod";
import { CATALOG, isTopicEligible, renderRationale, selectTopics, type CatalogTopic } from "../../domain/catalog";
import { checkGrounding, checkTone } from "../../domain/guardrails";
import type { PersonaType } from "../../domain/personas";
import type { UserContext } from "../../domain/profile";
import type { Signals } from "../../domain/signals";
import { GeneratorError, type GeneratedRecommendation } from "./interface";

export const RESPONSE_SCHEMA_NAME = "spendsense_recommendations";

/** What each persona's system prompt focuses on. */
const PERSONA_GUIDANCE: Readonly<Record<PersonaType, string>> = {
  high_utilization:
    "This person's persona is high_utilization: a credit card is heavily used, or they pay card interest, pay only the minimum, or have a past-due payment. Focus on how utilization and interest work, on paying more than the minimum, and on getting current. Be calm and practical: many people carry card balances for good reasons.",
  variable_income:
    "This person's persona is variable_income: their income arrives at long or uneven intervals and their cash-flow buffer is thin. Focus on budgeting from a typical month, building a buffer between deposits, smoothing income, and setting money aside for taxes when no tax is withheld. Treat uneven income as a normal way of working, not a problem.",
  subscription_heavy:
    "This person's persona is subscription_heavy: several recurring charges make up a noticeable part of their spending. Focus on knowing what recurs, how much of spending is committed in advance, reviewing the largest charge and tracking renewals. Subscriptions can be worth it; the goal is awareness, not cutting for its own sake.",
  savings_builder:
    "This person's persona is savings_builder: they are growing their savings while keeping card utilization low. Focus on emergency funds, automating and naming savings goals, and making savings earn more. Acknowledge the progress without flattery.",
  wealth_builder:
    "This person's persona is wealth_builder: high income, substantial savings and investments, and low card utilization. Focus on tax-advantaged retirement accounts, cash beyond an emergency fund, diversification, paying cards in full and protecting what they have built. Stay educational: explain concepts, never recommend specific products or allocations.",
  general:
    "This person's persona is general: no specific pattern stands out in their data. Focus on broadly useful basics that fit their data: knowing where money goes, emergency funds, credit basics, pay schedules and recurring charges. Do not imply a problem the data does not show.",
};

export interface OfferedTopic {
  topic: string;
  title: string;
  /** The first sentence of the catalog content. */
  description: string;
  /** True when the topic belongs to the person's persona. */
  ownPersona: boolean;
}

const firstSentence = (text: string) => text.split(/(?<=[.!?])\s+/)[0] ?? text;

/**
 * Every catalog topic eligible for these signals, best first: the persona's own by priority, then
 * the general ones, then any other eligible topic (selectTopics' order, without its cap).
 */
export function offeredTopics(signals: Signals, persona: PersonaType): OfferedTopic[] {
  const all = selectTopics(signals, persona, { min: CATALOG.length, max: CATALOG.length });
  return all.map((t: CatalogTopic) => ({
    topic: t.topic,
    title: t.title,
    description: firstSentence(t.content),
    ownPersona: t.personas.includes(persona),
  }));
}

export function buildSystemPrompt(persona: PersonaType, offered: readonly OfferedTopic[]): string {
  const line = (t: OfferedTopic) => `- ${t.topic}: "${t.title}" — ${t.description}`;
  const own = offered.filter((t) => t.ownPersona);
  const other = offered.filter((t) => !t.ownPersona);
  const topicList = [
    ...(own.length > 0 ? [`Topics for this persona (prefer these, most relevant first):`, ...own.map(line)] : []),
    ...(other.length > 0 ? [`Other topics this person is eligible for:`, ...other.map(line)] : []),
  ].join("\n");
  return `You write short financial-education recommendations for one person of a personal-finance app, from a JSON summary of their own bank data (the user message).

${PERSONA_GUIDANCE[persona]}

Choose topics only from this list; use each topic id exactly as written, and each topic at most once. Do not invent topics:
${topicList}

Write 3 to 5 recommendations. For each one:
- topic: one id from the list above.
- title: a short, general heading (under 80 characters).
- content: 2 to 4 sentences of neutral education about the topic that would be true for anyone. Never put this person's numbers, card digits, merchant names or account details in the title or content.
- rationale: one or two sentences saying why this topic fits this person, citing their own numbers from the user message.

Numbers in the rationale:
- Cite only numbers that appear in the context. Never compute, estimate, round differently, project or invent a number, and never cite thresholds or targets as digits in the rationale.
- Write money as dollars with thousands separators ("$3,400" or "$45.20"), ratios (utilization, shares, growth, variability) as percentages with at most one decimal (0.68 as "68%", 0.6789 as "67.9%"), APRs as given ("24.99%"), months with one decimal ("2.5 months"), days as given ("30 days"), and cards by their last 4 digits.
- Do not name merchants or dates.

Tone:
- Educational and supportive. Explain; do not instruct. Avoid advice framing such as "you should" or "you must"; prefer "many people", "one option is", "it can help to".
- Never shame or judge (no "overspending", "irresponsible", "wasteful", "bad with money" or similar).
- No product pitches: never name or recommend specific banks, cards, apps, funds or other financial products.
- Do not add a disclaimer; the app adds one.

Answer with JSON only, matching the response schema.`;
}

/** The user message: the person's context, without internal ids (the model has no use for them). */
export function promptContext(context: UserContext): Omit<UserContext, "user_id"> {
  const { user_id: _userId, ...rest } = context;
  return {
    ...rest,
    signals: {
      ...rest.signals,
      credit: { ...rest.signals.credit, cards: rest.signals.credit.cards.map(({ account_id: _id, ...card }) => card) },
    },
  } as Omit<UserContext, "user_id">;
}

/**
 * The strict-mode JSON schema of the answer. Constant (every catalog id in the enum) so OpenAI
 * processes it once and caches it; eligibility for the person is enforced by the prompt and by
 * post-validation. Strict mode: every object lists all its properties as required and sets
 * additionalProperties: false; the 3–5 count is asked for in the prompt and checked with zod.
 */
export const RECOMMENDATIONS_JSON_SCHEMA = {
  type: "object",
  properties: {
    recommendations: {
      type: "array",
      items: {
        type: "object",
        properties: {
          topic: { type: "string", enum: CATALOG.map((t) => t.topic), description: "A topic id from the system prompt's list." },
          title: { type: "string" },
          content: { type: "string" },
          rationale: { type: "string" },
        },
        required: ["topic", "title", "content", "rationale"],
        additionalProperties: false,
      },
    },
  },
  required: ["recommendations"],
  additionalProperties: false,
} as const;

// ---- validation ----

/** One recommendation as the model must write it, for the topics offered to this person. */
function recommendationItemSchema(offeredIds: readonly string[]) {
  const offered = new Set(offeredIds);
  return z.object({
    topic: z.string().refine((t) => offered.has(t), { message: "topic was not offered" }),
    title: z.string().trim().min(1).max(150),
    content: z.string().trim().min(1).max(1500),
    rationale: z.string().trim().min(1).max(600),
  });
}

/** The answer's outer shape: 3–5 items (each item is validated on its own, so one bad item is dropped). */
const AnswerSchema = z.object({ recommendations: z.array(z.unknown()).min(3).max(5) });

export interface PostValidationStats {
  /** Items dropped: invalid shape, a topic not offered or not eligible, or a duplicate topic. */
  dropped: number;
  /** Rationales replaced by the catalog's (ungrounded numbers or shaming language). */
  regrounded: number;
  /** Titles or contents replaced by the catalog's (shaming language). */
  depersonalized: number;
}

/**
 * Validates a parsed answer against the person's signals and repairs what can be repaired (see the
 * top of this file). Throws GeneratorError("malformed_output") when fewer than 3 items survive.
 */
export function postValidate(
  answer: unknown,
  signals: Signals,
  offeredIds: readonly string[],
): { recommendations: GeneratedRecommendation[]; stats: PostValidationStats } {
  const outer = AnswerSchema.safeParse(answer);
  if (!outer.success) {
    throw new GeneratorError("malformed_output", `The model's answer has the wrong shape: ${z.prettifyError(outer.error).slice(0, 200)}`);
  }
  const itemSchema = recommendationItemSchema(offeredIds);
  const stats: PostValidationStats = { dropped: 0, regrounded: 0, depersonalized: 0 };
  const seen = new Set<string>();
  const out: GeneratedRecommendation[] = [];
  for (const raw of outer.data.recommendations) {
    const item = itemSchema.safeParse(raw);
    if (!item.success || seen.has(item.data.topic) || !isTopicEligible(item.data.topic, signals)) {
      stats.dropped += 1;
      continue;
    }
    const { topic, title, content, rationale } = item.data;
    seen.add(topic);
    const catalog = CATALOG.find((t) => t.topic === topic) as CatalogTopic;
    const grounded = checkGrounding(rationale, signals).ok && checkTone(rationale).length === 0;
    if (!grounded) stats.regrounded += 1;
    const keepTitle = checkTone(title).length === 0;
    const keepContent = checkTone(content).length === 0;
    stats.depersonalized += (keepTitle ? 0 : 1) + (keepContent ? 0 : 1);
    out.push({
      topic,
      title: keepTitle ? title : catalog.title,
      content: keepContent ? content : catalog.content,
      rationale: grounded ? rationale : renderRationale(catalog, signals),
    });
  }
  if (out.length < 3) {
    throw new GeneratorError(
      "malformed_output",
      `Only ${out.length} of ${outer.data.recommendations.length} recommendations in the model's answer were valid and eligible (3 needed)`,
    );
  }
  return { recommendations: out, stats };
}
