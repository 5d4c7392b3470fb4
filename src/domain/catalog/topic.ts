/** One education topic of the catalog (src/domain/catalog.ts): what it says, and who it is for. */
import type { PersonaType } from "../personas";
import type { Signals } from "../signals";

export interface CatalogTopic {
  /** Stable snake_case id. */
  topic: string;
  personas: PersonaType[];
  title: string;
  /** 2–4 sentences of neutral education, the same for everyone. */
  content: string;
  eligible(signals: Signals): boolean;
  rationale(signals: Signals): string;
  /** Higher first. */
  priority(signals: Signals): number;
}
