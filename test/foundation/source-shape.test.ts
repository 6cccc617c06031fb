// The shape of the source tree that reviewers check by hand otherwise: no import circles (a circle
// means two modules cannot be understood, tested or moved apart) and no src file over 300 lines.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import ts from "typescript";
import { PACKAGE_ROOT } from "../../src/paths";

const MAX_LINES = 300;

/** Every .ts file under `dir` (relative to the package root), recursively. */
function tsFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(PACKAGE_ROOT, dir), { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".ts"))
    .map((file) => path.join(dir, file));
}

/** The relative imports of a file, as package-root-relative .ts paths (type-only imports count too). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8");
  return ts.preProcessFile(text, true, true).importedFiles.flatMap(({ fileName }) => {
    if (!fileName.startsWith(".")) return [];
    const base = path.join(path.dirname(file), fileName);
    return [`${base}.ts`, path.join(base, "index.ts")].filter((c) =>
      fs.existsSync(path.join(PACKAGE_ROOT, c)),
    );
  });
}

/** One circle per strongly connected group found by depth-first search, as the files along it. */
function findCircles(files: string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const circles: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") circles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, "done");
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return circles;
}

describe("source shape", () => {
  it("when the imports of src, bench and test are followed, then no file leads back to itself", () => {
    const circles = findCircles([...tsFiles("src"), ...tsFiles("bench"), ...tsFiles("test")]);
    assert.deepEqual(
      circles.map((circle) => circle.join(" -> ")),
      [],
    );
  });

  it("when two modules import each other, then the check finds the circle", () => {
    fs.mkdirSync(path.join(PACKAGE_ROOT, "test-results"), { recursive: true });
    const dir = fs.mkdtempSync(path.join(PACKAGE_ROOT, "test-results", "circle-"));
    try {
      fs.writeFileSync(path.join(dir, "a.ts"), 'import { b } from "./b";\nexport const a = b;\n');
      fs.writeFileSync(
        path.join(dir, "b.ts"),
        'import type { a } from "./a";\nexport const b: typeof a = 1;\n',
      );
      const relative = path.relative(PACKAGE_ROOT, dir);
      assert.equal(findCircles(tsFiles(relative)).length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`when the src files are counted, then none is over ${MAX_LINES} lines`, () => {
    const long = tsFiles("src")
      .map((file) => ({
        file,
        lines: fs.readFileSync(path.join(PACKAGE_ROOT, file), "utf8").split("\n").length - 1,
      }))
      .filter(({ lines }) => lines > MAX_LINES);
    assert.deepEqual(long, []);
  });
});
