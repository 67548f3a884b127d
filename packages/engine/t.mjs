import { BpmnModdle } from 'bpmn-moddle';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
import fs from 'node:fs'; import path from 'node:path';
const m = new BpmnModdle({ zeebe });
const root = '/work/shared/conformance';
const files = [];
(function walk(d){ for (const f of fs.readdirSync(d)) { const p = path.join(d,f); if (fs.statSync(p).isDirectory()) walk(p); else if (p.endsWith('.bpmn')) files.push(p);} })(root);
for (const f of files) {
  try {
    const { rootElement, warnings } = await m.fromXML(fs.readFileSync(f, 'utf8'));
    const types = new Set();
    const visit = (el) => { for (const fe of el.flowElements || []) { let t = fe.$type; if (fe.eventDefinitions) t += '[' + fe.eventDefinitions.map(e=>e.$type).join(',') + ']'; if (fe.loopCharacteristics) t += '{'+fe.loopCharacteristics.$type+'}'; if (fe.triggeredByEvent) t+='(event)'; types.add(t); visit(fe);} };
    for (const r of rootElement.rootElements) { if (r.$type === 'bpmn:Process') visit(r); else types.add('root:' + r.$type); }
    console.log(path.relative(root, f), warnings.length, [...types].join(' '));
  } catch (e) { console.log(f, 'ERR', e.message); }
}
