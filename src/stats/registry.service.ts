import type { Model } from "mongoose";
import type { RepositoryDoc } from "./repository.model";

/** Totals over every repository. */
export interface RegistrySummary {
  repositoryCount: number;
  pushCount: number;
  pullCount: number;
  starCount: number;
}

/** Reads registry-wide totals. */
export class RegistryService {
  constructor(private readonly model: Model<RepositoryDoc>) {}

  /**
   * One single-accumulator $group per total: FerretDB 1.24 computes only the first accumulator of a
   * $group (the others come back 0), so the sums run as separate aggregations, in parallel.
   */
  async summary(): Promise<RegistrySummary> {
    const [repositoryCount, pushCount, pullCount, starCount] = await Promise.all([
      this.model.countDocuments(),
      this.sum("numpushs"),
      this.sum("numpulls"),
      this.sum("numstars"),
    ]);
    return { repositoryCount, pushCount, pullCount, starCount };
  }

  private async sum(field: "numpushs" | "numpulls" | "numstars"): Promise<number> {
    const [result] = await this.model.aggregate<{ total?: number }>([
      { $group: { _id: null, total: { $sum: `$${field}` } } },
    ]);
    return result?.total ?? 0;
  }
}
