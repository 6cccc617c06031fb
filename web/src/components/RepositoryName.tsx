interface Props {
  name: string;
}

/** A repository name with its namespace set off, e.g. team/ app. */
export function RepositoryName({ name }: Props) {
  const cut = name.lastIndexOf("/");
  return (
    <span class="repo-name">
      {cut >= 0 && <span class="repo-namespace">{name.slice(0, cut + 1)}</span>}
      <span class="repo-base">{name.slice(cut + 1)}</span>
    </span>
  );
}
