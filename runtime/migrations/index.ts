import type { Knex } from 'knex';
import * as catalogue from './20261124_001_catalogue';
import * as applications from './20261124_002_applications';
import * as licences from './20261124_003_licences';
import * as supervision from './20261124_004_supervision';
import * as itemVersions from './20261124_005_item_versions';
import * as collaboration from './20261124_006_collaboration';
import * as imports from './20261124_007_imports';

/** Every migration, by its permanent name. Add new ones at the end; never rename or edit a released one. */
export const migrations: Record<string, Knex.Migration> = {
  '20261124_001_catalogue': catalogue,
  '20261124_002_applications': applications,
  '20261124_003_licences': licences,
  '20261124_004_supervision': supervision,
  '20261124_005_item_versions': itemVersions,
  '20261124_006_collaboration': collaboration,
  '20261124_007_imports': imports,
};
