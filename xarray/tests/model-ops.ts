// One step of a case table run on an XArray and the naive model side by
// side, each result checked against the model's.
import { expect } from 'vitest';
import type { XArray } from '../src/index.js';
import type { ModelXArray } from '../src/testing/model.js';

export type ModelOp =
  | ['fill', number, number] // store i -> i for i in [first, last]
  | ['load', number]
  | ['scan', number, number] // load every index in [first, last], in order
  | ['store', number, number | null]
  | ['storeOrder', number, number] // storeOrder(index, order, index)
  | ['reserve', number]
  | ['mark', number, 0 | 1 | 2]
  | ['unmark', number, 0 | 1 | 2]
  | ['erase', number]
  | ['eraseRange', number, number]; // erase every index in [first, last]

/** Applies `op` to both arrays, checking every result `xa` gives against `model`. */
export function applyOp(
  xa: XArray<number>,
  model: ModelXArray<number>,
  op: ModelOp,
): void {
  switch (op[0]) {
    case 'fill':
      for (let i = op[1]; i <= op[2]; i++) {
        expect(xa.store(i, i)).toBe(model.store(i, i));
      }
      break;
    case 'load':
      expect(xa.load(op[1])).toBe(model.load(op[1]));
      break;
    case 'scan':
      for (let i = op[1]; i <= op[2]; i++) {
        const got = xa.load(i);
        if (got !== model.load(i))
          expect(got, `load(${i})`).toBe(model.load(i));
      }
      break;
    case 'store':
      expect(xa.store(op[1], op[2])).toBe(model.store(op[1], op[2]));
      break;
    case 'storeOrder':
      xa.withLock((g) => g.storeOrder(op[1], op[2], op[1]));
      model.storeOrder(op[1], op[2], op[1]);
      break;
    case 'reserve':
      xa.reserve(op[1]);
      model.reserve(op[1]);
      break;
    case 'mark':
      xa.withLock((g) => g.setMark(op[1], op[2]));
      model.setMark(op[1], op[2]);
      break;
    case 'unmark':
      xa.withLock((g) => g.clearMark(op[1], op[2]));
      model.clearMark(op[1], op[2]);
      break;
    case 'erase':
      expect(xa.erase(op[1])).toBe(model.erase(op[1]));
      break;
    case 'eraseRange':
      for (let i = op[1]; i <= op[2]; i++) {
        expect(xa.erase(i)).toBe(model.erase(i));
      }
      break;
  }
}
