import type { Connection } from "mongoose";
import { actorModel } from "./actor.model";
import { clientModel } from "./client.model";
import { dailyModel } from "./daily.model";
import { deadLetterModel } from "./dead-letter.model";
import { digestModel } from "./digest.model";
import { eventModel } from "./event.model";
import { repositoryModel } from "./repository.model";
import { tagModel } from "./tag.model";

/** Every model drec stores statistics with, bound to one connection. */
export type Models = ReturnType<typeof createModels>;

/** Registers all models on the connection; `collection` is the original's per-repository collection. */
export function createModels(conn: Connection, collection: string) {
  return {
    repositories: repositoryModel(conn, collection),
    tags: tagModel(conn),
    digests: digestModel(conn),
    actors: actorModel(conn),
    daily: dailyModel(conn),
    clients: clientModel(conn),
    events: eventModel(conn),
    deadLetters: deadLetterModel(conn),
  };
}

/** Creates every index the ingest and the API rely on; safe to run on each start. */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
