import { buildIfStale } from '../../bench/lib/measure';

/** The scenarios run the production server: build it once, unless .next already holds these sources. */
export default async function setup() {
  await buildIfStale();
}
