import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { timestampProblem } from "../../../src/ingest/events/timestamp-window";

const NOW = new Date("2026-12-01T12:00:00Z");
const DAY = 86_400;

describe("the window of believable event timestamps", () => {
  it("when the timestamp is 2013-01-01 or later and not ahead of the clock, then it is accepted", () => {
    assert.equal(timestampProblem(new Date("2013-01-01T00:00:00Z"), NOW, DAY), undefined);
    assert.equal(timestampProblem(NOW, NOW, DAY), undefined);
  });

  it("when the timestamp is exactly the allowed skew ahead, then it is accepted", () => {
    assert.equal(timestampProblem(new Date(NOW.getTime() + DAY * 1000), NOW, DAY), undefined);
  });

  it("when the timestamp is a millisecond past the allowed skew, then it is refused naming the key", () => {
    const reason = timestampProblem(new Date(NOW.getTime() + DAY * 1000 + 1), NOW, DAY);
    assert.match(String(reason), /max_clock_skew_seconds \(86400\)/);
  });

  it("when the timestamp is before 2013, then it is refused", () => {
    assert.match(
      String(timestampProblem(new Date("2012-12-31T23:59:59.999Z"), NOW, DAY)),
      /before 2013-01-01/,
    );
    assert.match(String(timestampProblem(new Date("0000-01-01T00:00:00Z"), NOW, DAY)), /before 2013-01-01/);
  });

  it("when the skew is 0, then a timestamp one second ahead is refused", () => {
    assert.ok(timestampProblem(new Date(NOW.getTime() + 1000), NOW, 0));
  });
});
