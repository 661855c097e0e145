/**
 * The header the gateway adds to every upstream call. A request that arrives with it
 * has already passed through a Model Garden gateway (a model whose base URL is the
 * gateway itself): it is refused with 508, so it cannot recurse.
 */
export const HOP_HEADER = 'x-model-garden-hop';
