// Texts shared by the core tests: the documented examples of integration-facts.md and a vendor DDF.
export const WRITE_DOC = `{ "state": { "desired": {
    "operation": "write",
    "keys":   ["LwM2M Server.1.Lifetime", "Device.0.Timezone"],
    "values": [300, "Europe/Warsaw"] } } }`;

export const OBSERVE_DOC = `{ "state": { "desired": {
    "operation": "observe",
    "keys": ["Temperature.0.Sensor Value", "Device.0.Battery Level"],
    "attributes": [{ "pmin": 10, "pmax": 60, "st": 0.5 }, {}] } } }`;

export const EXECUTE_DOC = `{"operation":"execute","keys":["Device.0.Reboot"]}`;
export const EXECUTE_ARGS_DOC = `{"operation":"execute","keys":["Device.0.Reboot"],"arguments":"0='fw.bin'"}`;

export const RESULT_REPORTED = {
  reported: {
    operation: 'read',
    failedKeys: [''],
    result: {
      Device: { '0': { Timezone: 'Europe/Warsaw' } },
      'LwM2M Server': { '1': { Lifetime: '300' } },
      Portfolio: { '5': { Identity: { '1': 'ACME' } } },
    },
  },
};

export const DATAMODEL = {
  state: {
    reported: {
      Device: {
        '0': {
          Manufacturer: 'ACME', 'Battery Level': '87', Reboot: { noValue: true },
          'Power Source Voltage': { '0': '4100', '1': '3300' }, 'Available Power Sources': {},
        },
      },
      Temperature: {
        '0': { 'Sensor Value': '21.5', 'Sensor Units': 'Cel' },
        '1': { 'Sensor Value': '19.0', 'Sensor Units': 'Cel' },
      },
      Configuration: { '0': { 'Sample Interval': '60', 'GNSS Enable': 'true' } },
      'Location Assistance': { '0': { 'Assistance Type': '1' } },
    },
  },
};

export const VENDOR_DDF = `<?xml version="1.0" encoding="utf-8"?>
<LWM2M>
  <Object ObjectType="MODefinition">
    <Name>Configuration</Name>
    <Description1>Tracker configuration. Second sentence.</Description1>
    <ObjectID>50009</ObjectID>
    <ObjectVersion>1.1</ObjectVersion>
    <MultipleInstances>Single</MultipleInstances>
    <Mandatory>Optional</Mandatory>
    <Resources>
      <Item ID="0"><Name>Sample Interval</Name><Operations>RW</Operations><MultipleInstances>Single</MultipleInstances>
        <Mandatory>Mandatory</Mandatory><Type>Integer</Type><RangeEnumeration>1..86400</RangeEnumeration><Units>s</Units>
        <Description><![CDATA[Seconds between samples.]]></Description></Item>
      <Item ID="1"><Name>GNSS Enable</Name><Operations>RW</Operations><MultipleInstances>Single</MultipleInstances>
        <Mandatory>Optional</Mandatory><Type>Boolean</Type><RangeEnumeration></RangeEnumeration><Units></Units>
        <Description>Use GNSS.</Description></Item>
    </Resources>
  </Object>
</LWM2M>`;

/** A vendor file that replaces the OMA Device object (ID 3) with a cut-down one. */
export const DEVICE_OVERRIDE_DDF = `<LWM2M><Object><Name>Device</Name><ObjectID>3</ObjectID><ObjectVersion>9.9</ObjectVersion>
<MultipleInstances>Single</MultipleInstances><Mandatory>Mandatory</Mandatory><Description1>Vendor device.</Description1>
<Resources><Item ID="0"><Name>Maker</Name><Operations>R</Operations><MultipleInstances>Single</MultipleInstances>
<Mandatory>Optional</Mandatory><Type>String</Type><Description>Who made it.</Description></Item></Resources></Object></LWM2M>`;
