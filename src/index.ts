import { createApp } from "./app";
import type { Env } from "./config";
import { handleQueueBatch } from "./queue/consumer";

export { OpenAIBudget } from "./objects/openai-budget";
export { PersonState } from "./objects/person-state-object";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
} satisfies ExportedHandler<Env>;
