/**
 * The implementation under test, imported in one place: the workloads use
 * its normal API, and its Guard cursor where a workload iterates.
 */
export { MAX_INDEX, XArray } from '@lockctx/xarray';
