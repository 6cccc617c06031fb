import type { RepositoryCache } from "./repository-cache";

/** Totals over every repository. */
export interface RegistrySummary {
  repositoryCount: number;
  pushCount: number;
  pullCount: number;
  starCount: number;
}

/** Reads registry-wide totals, which the in-memory repository list keeps as it changes. */
export class RegistryService {
  constructor(private readonly cache: RepositoryCache) {}

  /** Repository count and total pushes, pulls and stars. */
  async summary(): Promise<RegistrySummary> {
    await this.cache.current();
    return this.cache.list.summary();
  }
}
