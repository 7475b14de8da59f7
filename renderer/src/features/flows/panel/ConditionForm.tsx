import { CONDITION_OPERATORS, type BlockOf } from '#shared/flows/blocks.js';
import { useT } from '#renderer/i18n/useI18n';
import { newId } from '../editor/newId';
import { ListEditor, SelectField, TextField, VariableField } from './FormFields';
import type { BlockFormProps } from './formTypes';

type Branch = BlockOf<'condition'>['data']['branches'][number];
type Rule = Branch['rules'][number];
const NO_VALUE = new Set(['is_set', 'is_not_set']);

export function ConditionForm({ block, change, variables }: BlockFormProps<'condition'>) {
  const t = useT();
  const rule = (): Rule => ({ variable: '', operator: 'equals', value: '' });
  return (
    <ListEditor
      legend={t('flows.field.branches')}
      items={block.data.branches}
      addLabel={t('flows.field.addBranch')}
      make={(): Branch => ({ id: newId('r'), match: 'all', rules: [rule()] })}
      onChange={(branches) => change('branches', { ...block, data: { branches } })}
      render={(branch, index, set) => (
        <>
          <TextField
            label={t('flows.field.branchLabel', { n: index + 1 })}
            value={branch.label ?? ''}
            onChange={(label) => set({ ...branch, label: label || undefined })}
          />
          <SelectField
            label={t('flows.field.match')}
            value={branch.match}
            options={[
              { value: 'all', label: t('flows.field.match.all') },
              { value: 'any', label: t('flows.field.match.any') },
            ]}
            onChange={(match) => set({ ...branch, match })}
          />
          <ListEditor
            legend={t('flows.field.ruleVariable')}
            items={branch.rules}
            make={rule}
            addLabel={t('flows.field.addRule')}
            onChange={(rules) => set({ ...branch, rules })}
            render={(item, _ruleIndex, setRule) => (
              <>
                <VariableField
                  label={t('flows.field.ruleVariable')}
                  value={item.variable}
                  variables={variables}
                  required
                  onChange={(variable) => setRule({ ...item, variable })}
                />
                <SelectField
                  label={t('flows.field.ruleOperator')}
                  value={item.operator}
                  options={CONDITION_OPERATORS.map((value) => ({ value, label: t(`flows.operator.${value}`) }))}
                  onChange={(operator) => setRule({ ...item, operator })}
                />
                {!NO_VALUE.has(item.operator) && (
                  <TextField label={t('flows.field.ruleValue')} value={item.value ?? ''} onChange={(value) => setRule({ ...item, value })} />
                )}
              </>
            )}
          />
        </>
      )}
    />
  );
}
