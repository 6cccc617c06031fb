import type { ComponentChildren } from "preact";

interface Props {
  tone?: "empty" | "error";
  title: string;
  children?: ComponentChildren;
  /** A button or link the reader can act on. */
  action?: ComponentChildren;
}

/** The designed empty and error states: a title, an explanation and what to do next. */
export function Message({ tone = "empty", title, children, action }: Props) {
  return (
    <section class={`message message-${tone}`} role={tone === "error" ? "alert" : "status"}>
      <h2 class="message-title">{title}</h2>
      {children && <div class="message-body">{children}</div>}
      {action && <div class="message-action">{action}</div>}
    </section>
  );
}
