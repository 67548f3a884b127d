import { describe, expect, it } from 'vitest';
import { readXmlFile } from './download';

describe('readXmlFile › encodings of imported models', () => {
  it('decodes an ISO-8859-1 model by its declaration', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><a n="'), 0xe9, ...new TextEncoder().encode('"/>')]);
    expect(await readXmlFile(new Blob([bytes]))).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a n="é"/>');
  });

  it('decodes GBK and defaults to UTF-8', async () => {
    const gbk = new Uint8Array([...new TextEncoder().encode('<?xml version="1.0" encoding="GBK"?><a n="'), 0xd6, 0xd0, ...new TextEncoder().encode('"/>')]);
    expect(await readXmlFile(new Blob([gbk]))).toContain('n="中"');
    expect(await readXmlFile(new Blob([new TextEncoder().encode('<a n="通办"/>')]))).toBe('<a n="通办"/>');
  });
});
