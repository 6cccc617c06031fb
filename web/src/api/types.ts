// The shapes the dashboard's components work with, named for what they show. Every one is an alias of a
// type generated from schema/schema.graphql and the documents in ./operations.ts (see ../../codegen.yml),
// so a change of the schema that breaks the dashboard breaks its build.
import type * as G from "./generated";

export type OrderField = G.RepositoryOrderField;
export type OrderDirection = G.OrderDirection;
export type RepositoryFilter = G.RepositoryFilter;

/** The order the list asks for; both parts always set by the dashboard. */
export type RepositoryOrder = Required<Pick<G.RepositoryOrder, "field" | "direction">>;

export type PageInfo = G.RepositoriesQuery["repositories"]["pageInfo"];

/** What a list row shows. */
export type RepositorySummary = G.RepositorySummaryFieldsFragment;

export type Tag = G.TagFieldsFragment;

/** What the repository page shows. */
export type RepositoryDetail = G.RepositoryDetailFieldsFragment;

/** A manifest of a repository, by digest. */
export type Image = RepositoryDetail["images"]["nodes"][number];

export type ActorStat = RepositoryDetail["actorStats"][number];

/** One UTC day's counts; `date` is YYYY-MM-DD. */
export type DailyActivity = RepositoryDetail["activity"][number];

export type RegistrySummary = G.RegistryQuery["registry"];

/** Query.registry.address: host[:port] for docker pull, null when drec was not told it. */
export type RegistryAddress = G.RepositoryQuery["registry"];

export type Viewer = NonNullable<G.ViewerQuery["viewer"]>;

export type RepositoryConnection = G.RepositoriesQuery["repositories"];
