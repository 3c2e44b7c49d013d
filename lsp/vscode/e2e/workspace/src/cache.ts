import { XArray } from '@lockctx/xarray';

export function tagEntry(xa: XArray<string>, index: number): void {
  const g = xa.lock();
  if (g.getMark(index, 0)) return;
  g.setMark(index, 0);
  g.unlock();
}

export function orderOf(xa: XArray<string>, index: number): number {
  using g = xa.lock();
  const order = g.getOrder(index);
  return order;
}
