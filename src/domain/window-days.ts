/**
 * The window's zod schema, the one every parser uses (the API's bodies and answers, the jobs route,
 * the queue messages). Apart from src/domain/signals.ts, which scripts import for WINDOW_DAYS and
 * WindowDays: their --help must not load zod.
 */
import { z } from "zod";
import { WINDOW_DAYS } from "./signals";

/** 30 or 180 in a JSON body or a message. */
// One literal each: zod-to-openapi documents only the first value of a many-valued z.literal.
export const windowDaysSchema = z.union([z.literal(WINDOW_DAYS[0]), z.literal(WINDOW_DAYS[1])], { error: "must be 30 or 180" });
