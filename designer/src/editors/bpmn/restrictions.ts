import * as ReplaceOptions from 'bpmn-js/lib/features/replace/ReplaceOptions';
import { isSupportedTarget } from './support';

type Translate = (text: string) => string;
type Entries = Record<string, Record<string, unknown>>;
type Target = { type: string; eventDefinitionType?: string; triggeredByEvent?: boolean; isExpanded?: boolean };

interface Palette { registerProvider(priority: number, provider: unknown): void }
interface ContextPad { registerProvider(priority: number, provider: unknown): void }
interface PopupMenu { registerProvider(id: string, priority: number, provider: unknown): void }
interface ElementFactory { createShape(attrs: Record<string, unknown>): unknown }
interface Create { start(event: Event, shape: unknown, context?: Record<string, unknown>): void }
interface AutoPlace { append(source: unknown, shape: unknown): void }

/** Palette entries of bpmn-js that create something the engine never executes. */
const REMOVED_PALETTE = ['create.task', 'create.data-object', 'create.data-store', 'create.participant-expanded', 'create.group'];
/** Context-pad entries that append unsupported elements (a plain task, compensation, conditions, signals). */
const REMOVED_CONTEXT_PAD = [
  'append.append-task', 'append.compensation-activity', 'append.condition-intermediate-event', 'append.signal-intermediate-event',
];
/** Replace-menu header toggles of unsupported markers (standard loop, ad-hoc, collections). */
const REMOVED_HEADERS = ['toggle-loop', 'toggle-adhoc', 'toggle-is-collection', 'toggle-participant-multiplicity'];

/** Replace action name → what it turns an element into, from bpmn-js's own option lists. */
const REPLACE_TARGETS = (() => {
  const map = new Map<string, Target>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const option = value as { actionName?: string; target?: Target };
      if (option.actionName && option.target) map.set(option.actionName, option.target);
      else Object.values(value).forEach(visit);
    }
  };
  visit(Object.values(ReplaceOptions));
  return map;
})();

/**
 * Limits the palette, the context pad and the replace menu to what the Tongban engine executes, and puts the
 * tasks item managers draw most (user task, service task, parallel gateway) one click away. Providers run after
 * bpmn-js's own (lower priority) and filter their entries.
 */
export class TongbanRestrictions {
  static $inject = ['palette', 'contextPad', 'popupMenu', 'elementFactory', 'create', 'autoPlace', 'translate', 'config.tongban'];

  private readonly supported: ReadonlySet<string>;

  constructor(
    palette: Palette,
    contextPad: ContextPad,
    popupMenu: PopupMenu,
    private readonly elementFactory: ElementFactory,
    private readonly create: Create,
    private readonly autoPlace: AutoPlace | null,
    private readonly translate: Translate,
    config: { paletteElements: readonly string[] },
  ) {
    this.supported = new Set(config.paletteElements);
    palette.registerProvider(100, this);
    contextPad.registerProvider(100, this);
    popupMenu.registerProvider('bpmn-replace', 100, this);
  }

  getPaletteEntries(): (entries: Entries) => Entries {
    return (entries) => {
      const kept: Entries = {};
      for (const [id, entry] of Object.entries(entries)) {
        if (REMOVED_PALETTE.includes(id)) {
          if (id === 'create.task') Object.assign(kept, this.taskEntries());
          continue;
        }
        kept[id] = entry;
        if (id === 'create.exclusive-gateway') kept['create.parallel-gateway'] = this.createEntry('bpmn:ParallelGateway', 'gateway', 'bpmn-icon-gateway-parallel', 'Create parallel gateway');
      }
      return kept;
    };
  }

  getContextPadEntries(element: { type?: string }): (entries: Entries) => Entries {
    return (entries) => {
      const kept: Entries = {};
      for (const [id, entry] of Object.entries(entries)) {
        if (REMOVED_CONTEXT_PAD.includes(id)) {
          if (id === 'append.append-task') Object.assign(kept, this.appendEntries(element));
          continue;
        }
        kept[id] = entry;
      }
      return kept;
    };
  }

  getPopupMenuEntries(): (entries: Entries) => Entries {
    return (entries) => Object.fromEntries(Object.entries(entries).filter(([id]) => {
      const target = REPLACE_TARGETS.get(id);
      return !target || isSupportedTarget(target, this.supported);
    }));
  }

  getPopupMenuHeaderEntries(): (entries: Entries) => Entries {
    return (entries) => Object.fromEntries(Object.entries(entries).filter(([id]) => !REMOVED_HEADERS.includes(id)));
  }

  private taskEntries(): Entries {
    return {
      'create.user-task': this.createEntry('bpmn:UserTask', 'activity', 'bpmn-icon-user-task', 'Create user task'),
      'create.service-task': this.createEntry('bpmn:ServiceTask', 'activity', 'bpmn-icon-service-task', 'Create service task'),
    };
  }

  private appendEntries(source: unknown): Entries {
    if (!this.autoPlace) return {};
    const append = (type: string, className: string, title: string) => ({
      group: 'model',
      className,
      title: this.translate(title),
      action: {
        click: () => this.autoPlace!.append(source, this.elementFactory.createShape({ type })),
        dragstart: (event: Event) => this.create.start(event, this.elementFactory.createShape({ type }), { source }),
      },
    });
    return {
      'append.user-task': append('bpmn:UserTask', 'bpmn-icon-user-task', 'Append user task'),
      'append.service-task': append('bpmn:ServiceTask', 'bpmn-icon-service-task', 'Append service task'),
    };
  }

  private createEntry(type: string, group: string, className: string, title: string): Record<string, unknown> {
    const start = (event: Event) => this.create.start(event, this.elementFactory.createShape({ type }));
    return { group, className, title: this.translate(title), action: { dragstart: start, click: start } };
  }
}

/** The diagram-js module of {@link TongbanRestrictions}. */
export const restrictionsModule = {
  __init__: ['tongbanRestrictions'],
  tongbanRestrictions: ['type', TongbanRestrictions],
};
