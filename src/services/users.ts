/** Users as the API shows them: pages of users, one user with accounts, and their signals and persona. */
import { getUserSummary, listUsers, type UserSummary } from "../db/users";
import type { WindowDays } from "../domain/signals";
import { NotFoundError } from "./errors";
import { computeProfile, ensureProfile } from "./profile-service";
import type { Services } from "./services";
import { refreshServingState } from "./serving-state";

/** A page of users in id order, with their persona for the window. */
export async function listUserPage(
  services: Services,
  query: { limit: number; offset: number; persona?: string | undefined; window_days: WindowDays; without_recommendations: boolean },
) {
  const page = await listUsers(services.db(), query);
  return { ...page, limit: query.limit, offset: query.offset };
}

/** A user and their accounts; NotFoundError for an unknown user. */
export async function requireUser(services: Services, userId: string): Promise<UserSummary> {
  const user = await getUserSummary(services.db(), userId);
  if (!user) throw new NotFoundError(`No user ${userId}`);
  return user;
}

/** Compute and store signals and persona for a window; the person's cached answers and serving state are retired first (a new persona can change what should be served), and a fresh serving state is stored after. */
export async function recomputeFeatures(services: Services, userId: string, windowDays: WindowDays) {
  await requireUser(services, userId);
  await services.people.dataChanged(userId);
  const profile = await computeProfile(services.db(), userId, windowDays);
  await refreshServingState(services, userId);
  return { user_id: userId, window_days: windowDays, signals: profile.signals, persona: profile.persona };
}

/** Signals and persona for both windows, computed (and stored) where missing. */
export async function profileOfBothWindows(services: Services, userId: string) {
  await requireUser(services, userId);
  const db = services.db();
  const [w30, w180] = [await ensureProfile(db, userId, 30), await ensureProfile(db, userId, 180)];
  return {
    user_id: userId,
    windows: {
      "30": { signals: w30.signals, persona: w30.persona },
      "180": { signals: w180.signals, persona: w180.persona },
    },
  };
}
