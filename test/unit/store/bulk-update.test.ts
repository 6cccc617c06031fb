import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inCommands, MAX_UPDATE_STATEMENTS, updateStatements } from "../../../src/store/bulk-update";

const buildItems = (count: number) => Array.from({ length: count }, (_, i) => i);

describe("multi-statement update commands", () => {
  it("when 120 statements are split, then they make commands of 50, 50 and 20 in order", () => {
    const commands = inCommands(buildItems(120));
    assert.deepEqual(
      commands.map((c) => c.length),
      [50, 50, 20],
    );
    assert.deepEqual(commands.flat(), buildItems(120));
  });

  it("when there are no statements, then there is no command", () => {
    assert.deepEqual(inCommands([]), []);
  });

  it("when one command would carry more than the cap, then it is refused before anything is sent", async () => {
    const statement = { filter: { _id: "x" }, update: { $inc: { n: 1 } }, upsert: true };
    // A model that must not be called: the cap is checked first.
    const model = {
      bulkWrite: () => assert.fail("sent a command over the cap"),
    } as never;
    await assert.rejects(
      updateStatements(model, Array(MAX_UPDATE_STATEMENTS + 1).fill(statement)),
      /51 statements exceed 50 per command/,
    );
  });
});
