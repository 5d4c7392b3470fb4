import { requireOperator } from "../http/auth";
import { api, contract, errorResponses, jsonResponse, type Tag } from "../http/openapi";
import { userIdParams, userListQuery, windowQuery } from "../http/params";
import { FeaturesSchema, ProfileSchema, UserListSchema, UserSchema } from "../http/schemas";
import { listUserPage, profileOfBothWindows, recomputeFeatures, requireUser } from "../services/users";

const tags: Tag[] = ["users"];

const list = contract({
  method: "get",
  path: "/users",
  operationId: "listUsers",
  summary: "Users in id order with their persona for the window (operators)",
  tags,
  middleware: requireOperator,
  request: { query: userListQuery },
  responses: { 200: jsonResponse(UserListSchema, "A page of users"), ...errorResponses(403) },
});

const one = contract(
  {
    method: "get",
    path: "/users/{user_id}",
    operationId: "getUser",
    summary: "A user and their accounts",
    tags,
    request: { params: userIdParams },
    responses: { 200: jsonResponse(UserSchema, "The user"), ...errorResponses(403, 404) },
  },
  { ownUser: true },
);

const features = contract(
  {
    method: "post",
    path: "/users/{user_id}/features",
    operationId: "computeFeatures",
    summary: "Compute and store signals and persona for a window",
    tags,
    request: { params: userIdParams, query: windowQuery },
    responses: { 200: jsonResponse(FeaturesSchema, "The signals and persona stored"), ...errorResponses(403, 404, 413, 415, 422) },
  },
  { ownUser: true },
);

const profile = contract(
  {
    method: "get",
    path: "/users/{user_id}/profile",
    operationId: "getProfile",
    summary: "Signals and persona for both windows (computed when missing)",
    tags,
    request: { params: userIdParams },
    responses: { 200: jsonResponse(ProfileSchema, "Both windows"), ...errorResponses(403, 404, 422) },
  },
  { ownUser: true },
);

export const userRoutes = api()
  .openapi(list, async (c) => c.json(await listUserPage(c.get("services"), c.req.valid("query")), 200))
  .openapi(one, async (c) => c.json({ user: await requireUser(c.get("services"), c.req.valid("param").user_id) }, 200))
  .openapi(features, async (c) => {
    const { user_id } = c.req.valid("param");
    return c.json(await recomputeFeatures(c.get("services"), user_id, c.req.valid("query").window_days), 200);
  })
  .openapi(profile, async (c) => c.json(await profileOfBothWindows(c.get("services"), c.req.valid("param").user_id), 200));
