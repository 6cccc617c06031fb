// The API explorer: GraphiQL, bundled and served by drec itself so nothing loads from another origin
// (Apollo's default landing page pulls its scripts from a CDN). GraphiQL 4 edits with CodeMirror 5,
// which needs no web workers or eval, so the dashboard's strict CSP covers it.
import { GraphiQL } from "graphiql";
import "graphiql/style.css";
import "./explorer.css";
import { createElement } from "react";
import { createRoot } from "react-dom/client";
import { loadToken } from "../lib/token-store";
import { createExplorerFetcher } from "./fetcher";

const graphqlPath =
  document.querySelector<HTMLMetaElement>('meta[name="drec:graphql-path"]')?.content || "/graphql";

// The dashboard's sign-in token, when there is one, so the explorer starts signed in as the same user.
const token = loadToken();
const headers = token ? JSON.stringify({ authorization: `Bearer ${token}` }, null, 2) : undefined;

const DEFAULT_QUERY = `# drec's GraphQL API. Ctrl-Enter runs the operation; the Docs pane describes every field.
# Times are UTC ISO-8601. Send an API token as {"authorization": "Bearer <token>"} under Headers.
{
  viewer {
    name
  }
  registry {
    repositoryCount
    pullCount
    pushCount
  }
  repositories(first: 10) {
    nodes {
      name
      pullCount
      lastPulledAt
    }
  }
}
`;

const root = document.getElementById("explorer");
if (root)
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher: createExplorerFetcher(graphqlPath),
      defaultQuery: DEFAULT_QUERY,
      headers,
      defaultEditorToolsVisibility: headers ? "headers" : false,
      // Headers are not kept in local storage: the token stays in the dashboard's own key only.
      shouldPersistHeaders: false,
    }),
  );
