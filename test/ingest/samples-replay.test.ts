// Replays the real distribution 2.8.2 captures over HTTPS and checks every resulting document exactly:
// in capture order, every delivery twice, and in seeded shuffled orders (out-of-order delivery).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startApp, type TestApp } from "../support/harness";
import {
  deliver,
  loadSamples,
  markersCleared,
  shuffled,
  snapshot,
  type RepositorySnapshot,
  type SampleDelivery,
} from "../support/ingest-builders";

const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
const sha = (hex: string) => `sha256:${hex}`;
const ref = (mediaType: string, size: number, hex: string) => ({ mediaType, size, digest: sha(hex) });

const NGINX = sha("4e8af0387c2e9a9a0456e36b5df81f7e1e5051648ed3e060184cdf13bb7d01b2");
const NGINX_REFS = [
  ref(OCI_CONFIG, 163, "e81886ea909455baaec335f891c086f2667888e1969f81b373e4e481c7afad2d"),
  ref(OCI_LAYER, 94, "4cc02b06f623c2111be6e9a667243c011c4219796fc902d7eab30bbaf1662b38"),
];
const AMD64 = sha("714c9e07aa10bcceb775ad096027b879e78e7b43c33f69f5759fb434ee956cc3");
const ARM64 = sha("af960d6153eebac30ae6f27797ed06eef9da41606e691fa578c2c19d7405340b");
const INDEX = sha("23ed08e47257717536d85c2bce3dc5ee650b38911ee86136eed783b44985f459");
const APP = sha("756e70dcc5f93a72f627d1b2617c21664ce72fe5fed4357672c2e1b9e04d9f22");
const APP_REFS = [
  ref(OCI_CONFIG, 163, "e39c8e78d1ae113faab1d78f14d7b1fdcbdc9ef19754427ea9594ec701cd38e3"),
  ref(OCI_LAYER, 94, "fac159bf34a5291151cd93ada7fb499d54b6d56ec4247125e05c2f08790122f3"),
];

const repositoryDoc = (repositoryname: string, fields: Record<string, unknown>) => ({
  repositoryname,
  numstars: 0,
  starredBy: [],
  inflight: [],
  ...fields,
});

/** What each sample must leave in the database (createdAt is checked apart: it is the arrival time). */
const EXPECTED: Record<string, { repository: string; documents: RepositorySnapshot; credited?: string[] }> = {
  "two-tags-push-then-pull.json": {
    repository: "library/nginx",
    documents: {
      repository: repositoryDoc("library/nginx", {
        numpushs: 2,
        numpulls: 2,
        firstpushed: "2026-11-27T01:36:28.164Z",
        lastpushed: "2026-11-27T01:36:28.253Z",
        firstpulled: "2026-11-27T01:36:28.307Z",
        lastpulled: "2026-11-27T01:36:28.410Z",
        actors: ["alice", "bob"],
      }),
      tags: [
        {
          repository: "library/nginx",
          tag: "1.25",
          digest: NGINX,
          mediaType: OCI_MANIFEST,
          pushCount: 1,
          pullCount: 1,
          lastPushedAt: "2026-11-27T01:36:28.164Z",
          lastPulledAt: "2026-11-27T01:36:28.410Z",
          deleted: false,
          inflight: [],
        },
        {
          repository: "library/nginx",
          tag: "latest",
          digest: NGINX,
          mediaType: OCI_MANIFEST,
          pushCount: 1,
          pullCount: 1,
          lastPushedAt: "2026-11-27T01:36:28.253Z",
          lastPulledAt: "2026-11-27T01:36:28.307Z",
          deleted: false,
          inflight: [],
        },
      ],
      digests: [
        {
          repository: "library/nginx",
          digest: NGINX,
          mediaType: OCI_MANIFEST,
          references: NGINX_REFS,
          pushedAt: "2026-11-27T01:36:28.164Z",
          lastPushedAt: "2026-11-27T01:36:28.253Z",
          pusher: "alice",
          pullCount: 2,
          lastPulledAt: "2026-11-27T01:36:28.410Z",
          deleted: false,
          inflight: [],
        },
      ],
      actors: [
        {
          repository: "library/nginx",
          actor: "alice",
          pushCount: 2,
          pullCount: 0,
          lastSeenAt: "2026-11-27T01:36:28.253Z",
          inflight: [],
        },
        {
          repository: "library/nginx",
          actor: "bob",
          pushCount: 0,
          pullCount: 2,
          lastSeenAt: "2026-11-27T01:36:28.410Z",
          inflight: [],
        },
      ],
      daily: [{ repository: "library/nginx", day: "2026-11-27", pushCount: 2, pullCount: 2, inflight: [] }],
    },
  },
  "multi-arch-push-then-arm64-pull.json": {
    repository: "team/multi",
    // Tags whose pull is a GET by digest credited at apply time (README, "How usage is counted").
    credited: ["2.0"],
    documents: {
      // The index push carries the tag and counts; the platform manifests are digest records only.
      // The index GET is a tag resolution; the arm64 manifest GET is the one counted pull, credited to 2.0
      // because the same client (skopeo at 127.0.0.1) GET the index by that tag just before.
      repository: repositoryDoc("team/multi", {
        numpushs: 1,
        numpulls: 1,
        firstpushed: "2026-11-27T01:36:37.889Z",
        lastpushed: "2026-11-27T01:36:37.889Z",
        firstpulled: "2026-11-27T01:36:37.954Z",
        lastpulled: "2026-11-27T01:36:37.954Z",
        actors: ["alice", "bob"],
      }),
      tags: [
        {
          repository: "team/multi",
          tag: "2.0",
          digest: INDEX,
          mediaType: OCI_INDEX,
          pushCount: 1,
          pullCount: 1,
          lastPushedAt: "2026-11-27T01:36:37.889Z",
          lastPulledAt: "2026-11-27T01:36:37.954Z",
          deleted: false,
          inflight: [],
        },
      ],
      digests: [
        {
          repository: "team/multi",
          digest: INDEX,
          mediaType: OCI_INDEX,
          references: [ref(OCI_MANIFEST, 400, AMD64.slice(7)), ref(OCI_MANIFEST, 400, ARM64.slice(7))],
          pushedAt: "2026-11-27T01:36:37.889Z",
          lastPushedAt: "2026-11-27T01:36:37.889Z",
          pusher: "alice",
          pullCount: 1,
          lastPulledAt: "2026-11-27T01:36:37.950Z",
          deleted: false,
          inflight: [],
        },
        {
          repository: "team/multi",
          digest: AMD64,
          mediaType: OCI_MANIFEST,
          references: [
            ref(OCI_CONFIG, 163, "9d0a20e6e92c4084eb27f636f0809c06fd1cd76b01a80a76ee856334aee51d6b"),
            ref(OCI_LAYER, 94, "59a66f42fb901db884db7db32fe48107aea7bf944f7f27113f03a34b31fb267b"),
          ],
          pushedAt: "2026-11-27T01:36:37.797Z",
          lastPushedAt: "2026-11-27T01:36:37.797Z",
          pusher: "alice",
          pullCount: 0,
          deleted: false,
          inflight: [],
        },
        {
          repository: "team/multi",
          digest: ARM64,
          mediaType: OCI_MANIFEST,
          references: [
            ref(OCI_CONFIG, 163, "4a9d26ccb62898be4c8fd8098e16c4e9253b87e44db10c73567a88aa44df68c3"),
            ref(OCI_LAYER, 94, "6b27aa51b501cdc5ec800dac8b7b9919cbc730c0b8475778ea2b9e291e063641"),
          ],
          pushedAt: "2026-11-27T01:36:37.879Z",
          lastPushedAt: "2026-11-27T01:36:37.879Z",
          pusher: "alice",
          pullCount: 1,
          lastPulledAt: "2026-11-27T01:36:37.954Z",
          deleted: false,
          inflight: [],
        },
      ],
      actors: [
        {
          repository: "team/multi",
          actor: "alice",
          pushCount: 1,
          pullCount: 0,
          lastSeenAt: "2026-11-27T01:36:37.889Z",
          inflight: [],
        },
        {
          repository: "team/multi",
          actor: "bob",
          pushCount: 0,
          pullCount: 1,
          lastSeenAt: "2026-11-27T01:36:37.954Z",
          inflight: [],
        },
      ],
      daily: [{ repository: "team/multi", day: "2026-11-27", pushCount: 1, pullCount: 1, inflight: [] }],
    },
  },
  "push-pull-delete-tag.json": {
    repository: "team/app",
    documents: {
      // Deletes never change counts: the digest delete marks the manifest and its tag, the tag delete the tag.
      repository: repositoryDoc("team/app", {
        numpushs: 1,
        numpulls: 2,
        firstpushed: "2026-11-27T01:37:45.028Z",
        lastpushed: "2026-11-27T01:37:45.028Z",
        firstpulled: "2026-11-27T01:37:45.084Z",
        lastpulled: "2026-11-27T01:37:45.194Z",
        actors: ["alice", "bob"],
      }),
      tags: [
        {
          repository: "team/app",
          tag: "1.0",
          digest: APP,
          mediaType: OCI_MANIFEST,
          pushCount: 1,
          pullCount: 2,
          lastPushedAt: "2026-11-27T01:37:45.028Z",
          lastPulledAt: "2026-11-27T01:37:45.194Z",
          deleted: true,
          deletedAt: "2026-11-27T01:37:45.204Z",
          inflight: [],
        },
      ],
      digests: [
        {
          repository: "team/app",
          digest: APP,
          mediaType: OCI_MANIFEST,
          references: APP_REFS,
          pushedAt: "2026-11-27T01:37:45.028Z",
          lastPushedAt: "2026-11-27T01:37:45.028Z",
          pusher: "alice",
          pullCount: 2,
          lastPulledAt: "2026-11-27T01:37:45.194Z",
          deleted: true,
          deletedAt: "2026-11-27T01:37:45.200Z",
          inflight: [],
        },
      ],
      actors: [
        {
          repository: "team/app",
          actor: "alice",
          pushCount: 1,
          pullCount: 1,
          lastSeenAt: "2026-11-27T01:37:45.194Z",
          inflight: [],
        },
        {
          repository: "team/app",
          actor: "bob",
          pushCount: 0,
          pullCount: 1,
          lastSeenAt: "2026-11-27T01:37:45.084Z",
          inflight: [],
        },
      ],
      daily: [{ repository: "team/app", day: "2026-11-27", pushCount: 1, pullCount: 2, inflight: [] }],
    },
  },
};

const samples = loadSamples();

async function replay(app: TestApp, deliveries: SampleDelivery[]): Promise<void> {
  for (const delivery of deliveries) await deliver(app, delivery.envelope);
  await markersCleared(app);
}

async function assertSample(app: TestApp, file: string, outOfOrder = false): Promise<void> {
  const { repository, documents, credited = [] } = EXPECTED[file];
  const actual = await snapshot(app, repository);
  assert.ok(actual.repository?.createdAt, "createdAt is set on insert");
  delete actual.repository.createdAt;
  // A GET by digest delivered before the push or resolution it is credited through credits no tag: the
  // credit is decided once, from what is applied then. It may be missing, never counted twice.
  for (const tag of outOfOrder ? credited : []) {
    const got = actual.tags.find((t) => t.tag === tag);
    const want = documents.tags.find((t) => t.tag === tag);
    assert.ok(got && want, tag);
    assert.ok(Number(got.pullCount) <= Number(want.pullCount), `${tag} credited more than once`);
    if (got.pullCount === want.pullCount) assert.equal(got.lastPulledAt, want.lastPulledAt);
    Object.assign(got, { pullCount: want.pullCount, lastPulledAt: want.lastPulledAt });
  }
  assert.deepEqual(actual, documents);
}

describe("replaying the distribution 2.8.2 captures", () => {
  it("when the captures directory is read, then every file has an expectation", () => {
    assert.deepEqual([...samples.keys()].sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, deliveries] of samples) {
    describe(file, () => {
      let app: TestApp;
      before(async () => {
        app = await startApp();
      });
      after(() => app.stop());

      it("when delivered in capture order, then the documents are exactly the expected ones", async () => {
        await replay(app, deliveries);
        await assertSample(app, file);
      });

      it("when every delivery comes again, then nothing changes and each answer says duplicate", async () => {
        for (const delivery of deliveries) {
          const res = await deliver(app, delivery.envelope);
          const summary = res.json as Record<string, number>;
          assert.equal(summary.counted, 0);
          assert.equal(summary.duplicates + summary.ignored, 1);
        }
        await markersCleared(app);
        await assertSample(app, file);
      });
    });
  }

  for (const seed of [1, 2, 3]) {
    it(`when every capture arrives twice in shuffled order (seed ${seed}), then the documents are the same`, async () => {
      const app = await startApp();
      try {
        const all = [...samples.values()].flat();
        await replay(app, shuffled([...all, ...all], seed));
        for (const file of samples.keys()) await assertSample(app, file, true);
      } finally {
        await app.stop();
      }
    });
  }
});
