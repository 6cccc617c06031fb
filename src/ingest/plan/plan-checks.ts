// Checks: a HEAD of a manifest is a sign of use (a pull that found its image cached, a digest watcher), not
// a download. It moves checkCount and lastCheckedAt on the repository, the tag it named and the digest,
// never a pull count. Counted writes, so the batch markers keep them exactly-once like pulls.
import type { ClassifiedEvent } from "../events/event.types";
import { manifestFacts } from "./plan-digests";
import { emptyArrays } from "../../store/backend-quirks";
import { type WriteChain } from "./plan-types";

const counted = { $inc: { checkCount: 1 } };

/** The counted check writes of one HEAD. */
export function checkChains(event: ClassifiedEvent, receivedAt: Date): WriteChain[] {
  const { repository, tag, digest, timestamp: at } = event;
  const seen = { ...counted, $max: { lastCheckedAt: at } };
  const chains: WriteChain[] = [
    [
      {
        op: "counted",
        name: "repository.check",
        target: "repositories",
        key: { repositoryname: repository },
        update: {
          ...seen,
          $setOnInsert: { numpushs: 0, numpulls: 0, numstars: 0, createdAt: receivedAt },
          $addToSet: emptyArrays("actors", "starredBy"),
        },
      },
    ],
  ];
  if (tag !== undefined) {
    const update = { ...seen, $setOnInsert: { pushCount: 0, pullCount: 0, deleted: false } };
    chains.push([{ op: "counted", name: "tag.check", target: "tags", key: { repository, tag }, update }]);
  }
  if (digest !== undefined) {
    // The same facts as a GET's: folded with one in a batch, neither may set `references` another way.
    const { $set, $addToSet } = manifestFacts(event);
    const update = {
      ...seen,
      $setOnInsert: { pullCount: 0, deleted: false },
      ...(Object.keys($set).length > 0 ? { $set } : {}),
      $addToSet,
    };
    chains.push([
      { op: "counted", name: "digest.check", target: "digests", key: { repository, digest }, update },
    ]);
  }
  return chains;
}
