import { useEffect, useState } from "preact/hooks";

interface Props {
  host: string;
  repository: string;
  tags: string[];
}

/** The `docker pull` line for a chosen tag, with a copy button. */
export function PullCommand({ host, repository, tags }: Props) {
  const [tag, setTag] = useState(tags[0] ?? "latest");
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (!tags.includes(tag) && tags[0]) setTag(tags[0]);
  }, [tags, tag]);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(null), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const command = `docker pull ${host ? `${host}/` : ""}${repository}:${tag}`;
  const copy = () => {
    navigator.clipboard
      .writeText(command)
      .then(() => setCopied("yes"))
      .catch(() => setCopied("failed"));
  };
  return (
    <div class="pull">
      {tags.length > 1 && (
        <label class="pull-tag">
          <span>Tag</span>
          <select value={tag} onChange={(event) => setTag(event.currentTarget.value)}>
            {tags.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div class="pull-line">
        <code class="pull-command" data-pull-command>
          {command}
        </code>
        <button type="button" class="button" onClick={copy}>
          {copied === "yes" ? "Copied" : "Copy"}
        </button>
      </div>
      <span class="visually-hidden" aria-live="polite">
        {copied === "yes"
          ? "Copied to the clipboard"
          : copied === "failed"
            ? "Copying failed; select the text"
            : ""}
      </span>
    </div>
  );
}
