import { describe, expect, it } from 'vitest';
import { CALENDAR_ERRORS } from '@tongban/calendar';
import { errorCatalogue } from '../../errors/catalogue';

describe('calendar error codes', () => {
  it('use the wording of @tongban/calendar for every code it reports', () => {
    for (const [code, message] of Object.entries(CALENDAR_ERRORS)) {
      expect(errorCatalogue[code as keyof typeof errorCatalogue], code).toMatchObject({ status: 400, zh: message.zh, en: message.en });
    }
  });
});
