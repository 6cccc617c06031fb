import type { Feature } from "./feature";

/** The features a normal drec runs, in mount order. */
export const features: Feature[] = [];
