import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PUSH_CAPABILITIES, TestClient } from './client.js';

const LEAK = `import { XArray } from '@lockctx/xarray';

export function tagEntry(xa: XArray<string>, index: number): void {
  const g = xa.lock();
  g.setMark(index, 0);
}

export function orderOf(xa: XArray<string>, index: number): number {
  using g = xa.lock();
  const order = g.getOrder(index);
  return order;
}
`;

describe('push diagnostics', () => {
  let client: TestClient;
  beforeAll(async () => {
    client = await TestClient.start({ capabilities: PUSH_CAPABILITIES });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('publishes findings with source, code, doc link and related locations', async () => {
    const uri = 'file:///virtual/leak.ts';
    await client.open(uri, LEAK);
    const diagnostics = await client.diagnostics(uri, 1);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({
      source: 'lockctx',
      code: 'no-lock-leak',
      severity: 2,
      range: { start: { line: 3, character: 12 }, end: { line: 3, character: 21 } },
      codeDescription: {
        href: 'https://github.com/lockctx/lockctx/blob/main/eslint-plugin/docs/rules/no-lock-leak.md',
      },
    });
    expect(d?.relatedInformation?.[0]?.location.range.start.line).toBe(5);
  });
});
