import { describe, expect, it } from 'vitest';
import { formLabels, showValue } from './form-labels';

const schema = {
  type: 'default',
  components: [
    { type: 'text', text: '# 申请表' },
    { type: 'group', components: [
      { type: 'textfield', key: 'applicantName', label: '姓名' },
      { type: 'select', key: 'householdType', label: '户籍性质', values: [{ value: 'rural', label: '农业户口' }, { value: 'urban', label: '非农业户口' }] },
    ] },
    { type: 'checklist', key: 'businessItems', label: '经营项目', values: [{ value: 'hot', label: '热食类' }, { value: 'cold', label: '冷食类' }] },
    { type: 'checkbox', key: 'isAgent', label: '代办' },
  ],
};
const yesNo = { yes: '是', no: '否' };

describe('formLabels › submitted data as people read it', () => {
  it('finds the label of every keyed field, in groups too', () => {
    const labels = formLabels(schema);
    expect([...labels.keys()]).toEqual(['applicantName', 'householdType', 'businessItems', 'isAgent']);
    expect(labels.get('householdType')).toEqual({ label: '户籍性质', options: { rural: '农业户口', urban: '非农业户口' } });
  });

  it('shows chosen options by their labels, booleans as yes or no, and anything else as it is', () => {
    const labels = formLabels(schema);
    expect(showValue('urban', labels.get('householdType'), yesNo)).toBe('非农业户口');
    expect(showValue(['hot', 'cold'], labels.get('businessItems'), yesNo)).toBe('热食类、冷食类');
    expect(showValue(false, labels.get('isAgent'), yesNo)).toBe('否');
    expect(showValue('王晓明', labels.get('applicantName'), yesNo)).toBe('王晓明');
    expect(showValue([{ name: '张建国' }], undefined, yesNo)).toBe('[{"name":"张建国"}]');
    expect(formLabels(null).size).toBe(0);
  });
});
