import type { ComponentChildren } from "preact";
import { navigate } from "../lib/router";

interface Props {
  href: string;
  class?: string;
  /** The accessible name, where the visible content would read differently (see RepositoryName). */
  label?: string;
  children: ComponentChildren;
}

/** An ordinary link that navigates in place; modified clicks (new tab, download) stay the browser's. */
export function Link({ href, class: className, label, children }: Props) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
    window.scrollTo(0, 0);
  };
  return (
    <a href={href} class={className} aria-label={label} onClick={onClick}>
      {children}
    </a>
  );
}
