export { MapSectorStore } from './map-store.js';
export {
  BadRequestError,
  PAGE_SIZE,
  SECTORS_PER_PAGE,
  SECTOR_SIZE,
  type Page,
  type SectorStore,
} from './sector-store.js';
export { XArraySectorStore } from './xarray-store.js';
