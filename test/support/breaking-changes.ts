// The schema compatibility policy (CHANGELOG.md, "API compatibility"): a breaking change between the
// baseline schema and the working one must be declared, by its schema path in backticks, under
// "### Breaking" in the Unreleased section; a field may only be removed after a release deprecated it.
import { CriticalityLevel, diff, type Change } from "@graphql-inspector/core";
import { buildSchema, isInterfaceType, isObjectType, type GraphQLSchema } from "graphql";

/** The schema paths (e.g. `Repository.pullCount`) declared breaking in the Unreleased section. */
export function declaredBreaking(changelog: string): Set<string> {
  const unreleased = /^## \[?Unreleased\]?[^\n]*\n([\s\S]*?)(?=^## |$(?![\s\S]))/m.exec(changelog)?.[1] ?? "";
  const breaking = /^### Breaking[^\n]*\n([\s\S]*?)(?=^### |$(?![\s\S]))/m.exec(unreleased)?.[1] ?? "";
  return new Set([...breaking.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]));
}

/** A field the baseline did not deprecate, removed anyway: deprecate it in a release first. */
function removedWithoutDeprecation(before: GraphQLSchema, change: Change): boolean {
  if (change.type !== "FIELD_REMOVED" || !change.path) return false;
  const [typeName, fieldName] = change.path.split(".");
  const type = before.getType(typeName);
  if (!isObjectType(type) && !isInterfaceType(type)) return false;
  return !type.getFields()[fieldName]?.deprecationReason;
}

/** What the policy refuses, one line each; empty when the working schema may ship. */
export async function schemaPolicyViolations(
  baselineSdl: string,
  workingSdl: string,
  changelog: string,
): Promise<string[]> {
  const before = buildSchema(baselineSdl);
  const changes = await diff(before, buildSchema(workingSdl));
  const declared = declaredBreaking(changelog);
  const violations: string[] = [];
  for (const change of changes) {
    if (change.criticality.level !== CriticalityLevel.Breaking) continue;
    const where = change.path ?? change.type;
    if (removedWithoutDeprecation(before, change))
      violations.push(`${where}: ${change.message}; mark it @deprecated(reason: …) in a release first`);
    else if (!declared.has(where))
      violations.push(`${where}: ${change.message}; not declared as \`${where}\` under ### Breaking`);
  }
  return violations;
}
