import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { Deployments1764700000000 } from './1764700000000-deployments';

/** Applied in this order; never edit one that has shipped, add a new one. */
export const MIGRATIONS = [InitialSchema1764100000000, Deployments1764700000000];
