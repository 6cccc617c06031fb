import type { ReadModel } from "../read-model/read-model";
import type { RegistrySummary } from "../read-model/repository-query";

export type { RegistrySummary } from "../read-model/repository-query";

/** Reads registry-wide totals, which the in-memory repository list keeps as it changes. */
export class RegistryService {
  /**
   * @param address the registry's public host[:port] for pull commands (dashboard.registry_address);
   * empty when not configured.
   */
  constructor(
    private readonly cache: ReadModel,
    private readonly address = "",
    private readonly sourceNames: readonly string[] = ["default"],
  ) {}

  /** The ingest sources drec can receive events from (config/source-names.ts). */
  sources(): string[] {
    return [...this.sourceNames];
  }

  /** The registry's public address for `docker pull`; null when drec was not told it. */
  publicAddress(): string | null {
    return this.address || null;
  }

  /** Repository count and total pushes, pulls and stars, of every source or of one. */
  async summary(source?: string): Promise<RegistrySummary> {
    await this.cache.current();
    const { list } = this.cache;
    if (source === undefined) return list.summary();
    // One source's totals are not kept running: summed over its repositories (one scan of the list).
    const filter = { source };
    const page = list.list({ first: list.count(filter), sort: "name", direction: "asc", filter });
    const sum = { repositoryCount: page.items.length, pushCount: 0, pullCount: 0, starCount: 0 };
    for (const { repository } of page.items) {
      sum.pushCount += repository.pushCount;
      sum.pullCount += repository.pullCount;
      sum.starCount += repository.starCount;
    }
    return sum;
  }
}
