// The sandbox's vendor objects as OMA DDF files, the form a user would put in a folder listed in
// `lwm2mShadows.objectDefinitionFolders` (and what `loadRegistry({ vendorDdf })` reads).
import type { ObjectDef } from '../core/index';
import { VENDOR_OBJECTS } from './vendorObjects';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function objectToDdf(o: ObjectDef): string {
  const items = o.resources
    .map(
      (r) => `      <Item ID="${r.id}">
        <Name>${esc(r.name)}</Name>
        <Operations>${r.operations}</Operations>
        <MultipleInstances>${r.multiple ? 'Multiple' : 'Single'}</MultipleInstances>
        <Mandatory>${r.mandatory ? 'Mandatory' : 'Optional'}</Mandatory>
        <Type>${r.type === 'None' ? '' : r.type}</Type>
        <RangeEnumeration>${esc(r.range ?? '')}</RangeEnumeration>
        <Units>${esc(r.units ?? '')}</Units>
        <Description>${esc(r.description)}</Description>
      </Item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<LWM2M xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://openmobilealliance.org/tech/profiles/LWM2M-v1_1.xsd">
  <Object ObjectType="MODefinition">
    <Name>${esc(o.name)}</Name>
    <Description1>${esc(o.description)}</Description1>
    <ObjectID>${o.id}</ObjectID>
    <ObjectURN>urn:oma:lwm2m:x:${o.id}</ObjectURN>
    <LWM2MVersion>1.1</LWM2MVersion>
    <ObjectVersion>${o.version}</ObjectVersion>
    <MultipleInstances>${o.multiple ? 'Multiple' : 'Single'}</MultipleInstances>
    <Mandatory>${o.mandatory ? 'Mandatory' : 'Optional'}</Mandatory>
    <Resources>
${items}
    </Resources>
    <Description2></Description2>
  </Object>
</LWM2M>
`;
}

/** `{ file, text }` for each vendor object seeded devices carry (e.g. `33050.xml`). */
export function vendorDdfFiles(): { file: string; text: string }[] {
  return VENDOR_OBJECTS.map((o) => ({ file: `${o.id}.xml`, text: objectToDdf(o) }));
}
