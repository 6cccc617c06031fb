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
  ) {}

  /** The registry's public address for `docker pull`; null when drec was not told it. */
  publicAddress(): string | null {
    return this.address || null;
  }

  /** Repository count and total pushes, pulls and stars. */
  async summary(): Promise<RegistrySummary> {
    await this.cache.current();
    return this.cache.list.summary();
  }
}
