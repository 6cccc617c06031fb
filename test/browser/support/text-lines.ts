// How the browser actually broke an element's text into lines: each character's box, from a Range,
// grouped by the line it sits on.
import type { Locator } from "playwright-core";

/** The little of the DOM the reading uses; the root tsconfig has no DOM types. */
interface TextNode {
  data: string;
}
interface Rect {
  top: number;
  height: number;
}
interface Root {
  ownerDocument: {
    createTreeWalker(root: unknown, whatToShow: number): { nextNode(): TextNode | null };
    createRange(): {
      setStart(node: TextNode, offset: number): void;
      setEnd(node: TextNode, offset: number): void;
      getBoundingClientRect(): Rect;
    };
  };
}

/** Runs in the page: the text of each rendered line of `element`, top to bottom. */
function readLines(element: unknown): string[] {
  const root = element as Root;
  const document = root.ownerDocument;
  const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT
  const walker = document.createTreeWalker(root, SHOW_TEXT);
  const lines: { top: number; text: string }[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i += 1) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      const line = lines[lines.length - 1];
      // A character more than half its height below the current line's top starts the next line.
      if (!line || rect.top >= line.top + rect.height / 2) lines.push({ top: rect.top, text: node.data[i] });
      else line.text += node.data[i];
    }
  }
  return lines.map((line) => line.text);
}

/** The text of each line `locator`'s element is rendered in. */
export function renderedLines(locator: Locator): Promise<string[]> {
  return locator.evaluate(readLines);
}
