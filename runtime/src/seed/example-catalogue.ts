import { generateCatalogue } from '@tongban/examples';
import type { SeedCatalogue } from './seed';
import type { CatalogueUserInput } from './demo-users';

/** The example catalogue (hand-written real items + the generated reference-scale catalogue) as the seed loads it. */
export async function exampleCatalogue(): Promise<SeedCatalogue & { users: CatalogueUserInput[] }> {
  const catalogue = generateCatalogue();
  return {
    regions: catalogue.regions,
    departments: catalogue.departments,
    categories: catalogue.categories,
    licenceTypes: catalogue.licenceTypes,
    items: catalogue.items.map((item) => {
      const resources = catalogue.resources[item.code];
      if (!resources) throw new Error(`the example catalogue has no BPMN and forms for item ${item.code}`);
      return { item, bpmn: resources.bpmn, forms: resources.forms };
    }),
    users: catalogue.users,
  };
}
