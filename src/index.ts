import { createApp } from "./app";
import type { Env } from "./config";
import { handleQueueBatch } from "./queue/consumer";

export { OpenAIBudget } from "./objects/openai-budget";
export { PersonState } from "./objects/person-state-object";
export { OperatorSessions } from "./objects/operator-sessions";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
} satisfies ExportedHandler<Env>;
