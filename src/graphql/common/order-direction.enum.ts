import { registerEnumType } from "type-graphql";

/** Sort direction of an ordered list. */
export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}

registerEnumType(OrderDirection, {
  name: "OrderDirection",
  description: "Sort direction. Ties are always broken by repository name, ascending.",
  valuesConfig: {
    ASC: { description: "Smallest, earliest or alphabetically first item first." },
    DESC: { description: "Largest, latest or alphabetically last item first." },
  },
});
