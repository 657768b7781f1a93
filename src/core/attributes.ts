// LwM2M notification attributes as the integration accepts them in `attributes` (one object per key).

export type AttributeKind = 'seconds' | 'number' | 'con';

export interface AttributeRule {
  name: string;
  kind: AttributeKind;
  description: string;
  /** only meaningful on numeric resources */
  numericOnly?: boolean;
}

export const ATTRIBUTE_RULES: Record<string, AttributeRule> = {
  pmin: { name: 'pmin', kind: 'seconds', description: 'Minimum period: at least this many seconds between two notifications.' },
  pmax: { name: 'pmax', kind: 'seconds', description: 'Maximum period: a notification at least every this many seconds.' },
  gt: { name: 'gt', kind: 'number', numericOnly: true, description: 'Greater than: notify when the value crosses above this.' },
  lt: { name: 'lt', kind: 'number', numericOnly: true, description: 'Less than: notify when the value crosses below this.' },
  st: { name: 'st', kind: 'number', numericOnly: true, description: 'Step: notify when the value changed by at least this much.' },
  epmin: { name: 'epmin', kind: 'seconds', description: 'Minimum evaluation period, in seconds.' },
  epmax: { name: 'epmax', kind: 'seconds', description: 'Maximum evaluation period, in seconds.' },
  con: { name: 'con', kind: 'con', description: 'Confirmable notifications: 1 yes, 0 no, "" or null to clear.' },
};

export const ATTRIBUTE_NAMES = Object.keys(ATTRIBUTE_RULES);

/** Operations whose attributes the Lambda sends (it drops them for observeComposite). */
export const ATTRIBUTE_OPERATIONS = ['observe', 'writeAttributes'];

/** What is wrong with an attribute value, or undefined when it is fine. `null` always clears. */
export function checkAttributeValue(name: string, value: unknown): string | undefined {
  const rule = ATTRIBUTE_RULES[name];
  if (!rule || value === null) return undefined;
  switch (rule.kind) {
    case 'seconds':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0
        ? undefined
        : `${name} must be a whole number of seconds ≥ 0 (or null to clear), not ${JSON.stringify(value)}`;
    case 'number':
      return typeof value === 'number' ? undefined : `${name} must be a number (or null to clear), not ${JSON.stringify(value)}`;
    case 'con':
      return value === 0 || value === 1 || value === '' ? undefined : `con must be 1 (confirmable), 0, or "" / null to clear, not ${JSON.stringify(value)}`;
  }
}
