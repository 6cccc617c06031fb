import { Fragment } from "preact";

interface Props {
  name: string;
}

/**
 * A repository name with its namespace set off, e.g. team/ app. Each part keeps its slash and is
 * laid out whole (styles.css, .repo-part), so lines break after a slash (the <wbr>), never inside a
 * part, unless that part alone is wider than the line. The parts are inline blocks, which screen
 * readers (and Chromium's accessible name) read with spaces between them: links and headings that
 * show a name carry it whole as aria-label.
 */
export function RepositoryName({ name }: Props) {
  const parts = name.split("/");
  const base = parts.pop() ?? "";
  return (
    <span class="repo-name">
      {parts.length > 0 && (
        <span class="repo-namespace">
          {parts.map((part, i) => (
            <Fragment key={i}>
              <span class="repo-part">{part}/</span>
              <wbr />
            </Fragment>
          ))}
        </span>
      )}
      <span class="repo-base repo-part">{base}</span>
    </span>
  );
}
