/**
 * The plan of a whole dataset, fixed by (seed, n, consent rate) alone: each index's persona, its
 * rank within that persona, whether it holds a credit card, and its consent status.
 */
import type { ConsentStatus } from "../../../src/domain/dataset";
import { holdsCreditCard, personaQuotas, PERSONA_WEIGHTS, type Persona } from "./personas";
import { mixSeed, Rng } from "./rng";

export interface PlannedUser {
  persona: Persona;
  rankInPersona: number;
  holdsCard: boolean;
  consent: ConsentStatus;
}

const PERSONA_STREAM = 0x70657273; // "pers"
const CONSENT_STREAM = 0x636f6e73; // "cons"

/** Personas by index: the exact quotas, shuffled with the seed. */
function assignPersonas(seed: number, n: number): Persona[] {
  const quotas = personaQuotas(n);
  const ordered: Persona[] = [];
  for (const [persona] of PERSONA_WEIGHTS) for (let i = 0; i < quotas[persona]; i++) ordered.push(persona);
  return new Rng(mixSeed(seed, n, PERSONA_STREAM)).shuffle(ordered);
}

/** The persona the generator intends for user `index` (0-based) of a dataset of n users. */
export function intendedPersona(seed: number, index: number, n: number): Persona {
  if (!Number.isInteger(index) || index < 0 || index >= n) throw new RangeError(`index ${index} is outside 0..${n - 1}`);
  return assignPersonas(seed, n)[index] as Persona;
}

/** Exactly round(n * rate) users get "granted"; the others alternate "revoked" / "pending". */
function assignConsent(seed: number, n: number, consentRate: number): ConsentStatus[] {
  const granted = Math.round(n * consentRate);
  const order = new Rng(mixSeed(seed, n, CONSENT_STREAM)).shuffle(Array.from({ length: n }, (_, i) => i));
  const out = new Array<ConsentStatus>(n);
  order.forEach((userIndex, position) => {
    out[userIndex] = position < granted ? "granted" : (position - granted) % 2 === 0 ? "revoked" : "pending";
  });
  return out;
}

export function planPopulation(seed: number, n: number, consentRate: number): PlannedUser[] {
  const personas = assignPersonas(seed, n);
  const consent = assignConsent(seed, n, consentRate);
  const seen = new Map<Persona, number>();
  return personas.map((persona, i) => {
    const rankInPersona = seen.get(persona) ?? 0;
    seen.set(persona, rankInPersona + 1);
    return { persona, rankInPersona, holdsCard: holdsCreditCard(persona, rankInPersona), consent: consent[i] as ConsentStatus };
  });
}
