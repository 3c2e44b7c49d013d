export {
  HandleTable,
  InvalidHandleError,
  type HandlePolicy,
  type HandleTableOptions,
} from './handle-table.js';
