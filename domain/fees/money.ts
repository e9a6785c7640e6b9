/** Money is integer öre (1 krona = 100 öre). Never a float. */
export type Ore = number;

export const ORE_PER_KRONA = 100;
