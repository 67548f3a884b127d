interface ModdleLike {
  get(name: string): unknown;
  set(name: string, value: unknown): void;
}

interface EventBus {
  on(event: string, priority: number, callback: () => void): void;
}

interface BpmnJs {
  getDefinitions(): { diagrams?: { plane?: ModdleLike }[] } | undefined;
}

/**
 * Keeps the diagram interchange of elements bpmn-js does not render. Before writing XML, bpmn-js rebuilds each
 * plane from the rendered shapes only (`BpmnDiOrdering`, priority 2000), which silently drops the shapes and
 * edges of processes outside the shown collaboration, and DI that references missing elements. Item managers
 * import models from other tools and must get them back whole, so this puts those DI elements back after the
 * reordering. Elements the user deleted are not affected: deleting removes their DI from the plane already.
 */
export class KeepUnrenderedDi {
  static $inject = ['eventBus', 'bpmnjs'];

  constructor(eventBus: EventBus, bpmnjs: BpmnJs) {
    let before = new Map<ModdleLike, unknown[]>();
    eventBus.on('saveXML.start', 2100, () => {
      before = new Map();
      for (const diagram of bpmnjs.getDefinitions()?.diagrams ?? []) {
        const plane = diagram.plane;
        if (plane) before.set(plane, [...((plane.get('planeElement') as unknown[] | undefined) ?? [])]);
      }
    });
    eventBus.on('saveXML.start', 1900, () => {
      for (const [plane, elements] of before) {
        const now = (plane.get('planeElement') as unknown[] | undefined) ?? [];
        const kept = new Set(now);
        const dropped = elements.filter((element) => !kept.has(element));
        if (dropped.length > 0) plane.set('planeElement', [...now, ...dropped]);
      }
    });
  }
}

/** The diagram-js module of {@link KeepUnrenderedDi}. */
export const keepDiModule = {
  __init__: ['keepUnrenderedDi'],
  keepUnrenderedDi: ['type', KeepUnrenderedDi],
};
