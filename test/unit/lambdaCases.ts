// The Lwm2mOperation Lambda, case by case: request shapes (operation × keys / values / attributes /
// arguments, including null, missing, strings, numbers, duplicates, trailing dots, the special read keys
// and a thing Coiote DM does not know) with what the deployed function does with each. The expected
// outcomes were derived from the function's public source (AVSystem/iot-examples,
// coiote-aws-iot-cloud-formation/lwm2mOperation/lambda_function.py), read and then run under CPython
// with the OperationRequest rule's event and a stubbed Coiote DM: the printed `Error: …` line and status,
// the exception the runtime reports (type, message, frames), or the task Coiote receives.
// `validator` is the severity the editor must give the document: 'error' exactly when the Lambda refuses
// or crashes, or the request surely fails or does something other than it says; 'warning' when it is
// forwarded but surprises; 'ok' when nothing is wrong.
// Shared by test/unit/core (validator, decision model) and test/unit/sandbox (the simulated Lambda).

export type LambdaOutcome =
  | { kind: 'not-invoked' }
  | { kind: 'refused'; status: 400 | 406; line: string }
  | { kind: 'crash'; type: string; message: string; frames: [number, string][] }
  | {
      kind: 'task';
      template: string;
      keys: string | number;
      values?: string;
      attributes?: string;
      arguments?: string | number;
      /** Keys come out of a Python set: the deployed function's order is not defined. */
      unordered?: true;
    };

export interface LambdaCase {
  id: string;
  /** `state.desired` of the update, as JSON text (so 1.0 stays a float). */
  desired: string;
  /** The thing the update is for (default: one Coiote DM knows). */
  thing?: 'unknown-thing';
  validator: 'error' | 'warning' | 'ok';
  lambda: LambdaOutcome;
}

export const LAMBDA_CASES: LambdaCase[] = [
  { id: 'read: one key', desired: '{"operation":"read","keys":["Device.0.Manufacturer"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Manufacturer' } },
  { id: 'read: keys sorted', desired: '{"operation":"read","keys":["Temperature.0.Sensor Value","Device.0.Manufacturer"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Manufacturer,Temperature.0.Sensor Value' } },
  { id: 'read: an instance swallows its resource', desired: '{"operation":"read","keys":["Device.0.Manufacturer","Device.0","Temperature.0.Sensor Value"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0,Temperature.0.Sensor Value' } },
  { id: 'read: duplicate key dropped', desired: '{"operation":"read","keys":["Device.0.Battery Level","Device.0.Battery Level"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Battery Level' } },
  { id: 'read: trailing dot makes a duplicate', desired: '{"operation":"read","keys":["Device.0","Device.0."]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0' } },
  { id: 'read: instance 1 does not swallow instance 10', desired: '{"operation":"read","keys":["LwM2M Server.10","LwM2M Server.1"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'LwM2M Server.1,LwM2M Server.10' } },
  { id: 'read: all among keys', desired: '{"operation":"read","keys":["Device.0","all"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: '' } },
  { id: 'read: "/" reads everything', desired: '{"operation":"read","keys":["/"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: '' } },
  { id: 'read: "." reads everything', desired: '{"operation":"read","keys":["."]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: '' } },
  { id: 'read: empty key reads everything', desired: '{"operation":"read","keys":[""]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: '' } },
  { id: 'read: empty keys list reads everything', desired: '{"operation":"read","keys":[]}', validator: 'error', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: '' } },
  { id: 'read: keys as a string reads everything', desired: '{"operation":"read","keys":"Device.0.Manufacturer"}', validator: 'error', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: '' } },
  { id: 'read: keys null crashes', desired: '{"operation":"read","keys":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'argument of type \'NoneType\' is not iterable', frames: [[171, 'lambda_handler'], [106, 'pathsOptimization'], [106, '<genexpr>']] } },
  { id: 'read: no keys', desired: '{"operation":"read"}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be specified' } },
  { id: 'read: a number key crashes', desired: '{"operation":"read","keys":["Device.0",5]}', validator: 'error', lambda: { kind: 'crash', type: 'AttributeError', message: '\'int\' object has no attribute \'endswith\'', frames: [[171, 'lambda_handler'], [111, 'pathsOptimization']] } },
  { id: 'read: keys a number crashes', desired: '{"operation":"read","keys":3}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'argument of type \'int\' is not iterable', frames: [[171, 'lambda_handler'], [106, 'pathsOptimization'], [106, '<genexpr>']] } },
  { id: 'read: values null is ignored', desired: '{"operation":"read","keys":["Device.0.Manufacturer"],"values":null}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Manufacturer' } },
  { id: 'read: attributes {} is ignored', desired: '{"operation":"read","keys":["Device.0.Manufacturer"],"attributes":{}}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Manufacturer' } },
  { id: 'read: arguments ignored', desired: '{"operation":"read","keys":["Device.0.Manufacturer"],"arguments":"x"}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Manufacturer' } },
  { id: 'read: a field the rule does not forward', desired: '{"operation":"read","keys":["Device.0.Manufacturer"],"note":"hi"}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCertAuth', keys: 'Device.0.Manufacturer' } },
  { id: 'readComposite: swallowed key', desired: '{"operation":"readComposite","keys":["Device.0.Battery Level","Device.0"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSreadCompositeCertAuth', keys: 'Device.0' } },
  { id: 'readComposite: all', desired: '{"operation":"readComposite","keys":["all"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSreadCompositeCertAuth', keys: '' } },
  { id: 'readComposite: keys null crashes', desired: '{"operation":"readComposite","keys":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'argument of type \'NoneType\' is not iterable', frames: [[179, 'lambda_handler'], [106, 'pathsOptimization'], [106, '<genexpr>']] } },
  { id: 'operation null still triggers: 406', desired: '{"operation":null,"keys":["Device.0"]}', validator: 'error', lambda: { kind: 'refused', status: 406, line: 'Error: operation None is not implemented for AWS-CoioteDM integration' } },
  { id: 'operation null without keys', desired: '{"operation":null}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be specified' } },
  { id: 'operation is case-sensitive', desired: '{"operation":"Read","keys":["Device.0"]}', validator: 'error', lambda: { kind: 'refused', status: 406, line: 'Error: operation Read is not implemented for AWS-CoioteDM integration' } },
  { id: 'operation a number', desired: '{"operation":5,"keys":["Device.0"]}', validator: 'error', lambda: { kind: 'refused', status: 406, line: 'Error: operation 5 is not implemented for AWS-CoioteDM integration' } },
  { id: 'operation a list', desired: '{"operation":["read"],"keys":["Device.0"]}', validator: 'error', lambda: { kind: 'refused', status: 406, line: 'Error: operation [\'read\'] is not implemented for AWS-CoioteDM integration' } },
  { id: 'operation true', desired: '{"operation":true,"keys":["Device.0"]}', validator: 'error', lambda: { kind: 'refused', status: 406, line: 'Error: operation True is not implemented for AWS-CoioteDM integration' } },
  { id: 'operation unknown, no keys: keys first', desired: '{"operation":"reboot"}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be specified' } },
  { id: 'no operation: the rule does not fire', desired: '{"keys":["Device.0"]}', validator: 'error', lambda: { kind: 'not-invoked' } },
  { id: 'write: two keys', desired: '{"operation":"write","keys":["LwM2M Server.1.Lifetime","Device.0.Timezone"],"values":[300,"Europe/Warsaw"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'LwM2M Server.1.Lifetime,Device.0.Timezone', values: '300,Europe/Warsaw' } },
  { id: 'write: trailing dot stripped', desired: '{"operation":"write","keys":["Device.0.Timezone."],"values":["UTC"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: 'UTC' } },
  { id: 'write: order kept', desired: '{"operation":"write","keys":["Device.0.Timezone","Device.0.UTC Offset"],"values":["UTC","+01:00"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone,Device.0.UTC Offset', values: 'UTC,+01:00' } },
  { id: 'write: duplicate after stripping the dot', desired: '{"operation":"write","keys":["Device.0.Timezone","Device.0.Timezone."],"values":["a","b"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be unique for write operation' } },
  { id: 'write: no values', desired: '{"operation":"write","keys":["Device.0.Timezone"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: You must specify values when write operation is used' } },
  { id: 'write: fewer values than keys', desired: '{"operation":"write","keys":["Device.0.Timezone","Device.0.UTC Offset"],"values":["a"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: The number of keys must be equal to the number of values' } },
  { id: 'write: duplicates checked before values', desired: '{"operation":"write","keys":["Device.0.Timezone","Device.0.Timezone"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be unique for write operation' } },
  { id: 'write: values null crashes', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'object of type \'NoneType\' has no len()', frames: [[154, 'lambda_handler']] } },
  { id: 'write: keys null crashes', desired: '{"operation":"write","keys":null,"values":["a"]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: '\'NoneType\' object is not iterable', frames: [[143, 'lambda_handler']] } },
  { id: 'write: a number key crashes', desired: '{"operation":"write","keys":[5],"values":[1]}', validator: 'error', lambda: { kind: 'crash', type: 'AttributeError', message: '\'int\' object has no attribute \'endswith\'', frames: [[144, 'lambda_handler']] } },
  { id: 'write: values a number crashes', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":7}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'object of type \'int\' has no len()', frames: [[154, 'lambda_handler']] } },
  { id: 'write: true travels as True', desired: '{"operation":"write","keys":["LwM2M Server.1.Mute Send"],"values":[true]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'LwM2M Server.1.Mute Send', values: 'True' } },
  // null is what a quick fix leaves to fill in: the text "None" is not what it says, so an error (never published).
  { id: 'write: null travels as None', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":[null]}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: 'None' } },
  { id: 'write: 1.0 travels as 1.0', desired: '{"operation":"write","keys":["Pressure.0.Current Calibration"],"values":[1.0]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Pressure.0.Current Calibration', values: '1.0' } },
  { id: 'write: 1.0 into an integer resource', desired: '{"operation":"write","keys":["LwM2M Server.1.Lifetime"],"values":[1.0]}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'LwM2M Server.1.Lifetime', values: '1.0' } },
  { id: 'write: a comma in a value splits it', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":["a,b"]}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: 'a,b' } },
  { id: 'write: values as a string', desired: '{"operation":"write","keys":["Device.0.Timezone","Device.0.UTC Offset"],"values":"ab"}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone,Device.0.UTC Offset', values: 'a,b' } },
  { id: 'write: an object value', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":[{"a":1}]}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: '{\'a\': 1}' } },
  { id: 'write: empty keys and values', desired: '{"operation":"write","keys":[],"values":[]}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: '', values: '' } },
  { id: 'write: attributes ignored', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":["UTC"],"attributes":null}', validator: 'warning', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: 'UTC' } },
  { id: 'execute: one key', desired: '{"operation":"execute","keys":["Device.0.Reboot"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSexecuteCertAuth', keys: 'Device.0.Reboot' } },
  { id: 'execute: arguments', desired: '{"operation":"execute","keys":["Device.0.Reboot"],"arguments":"0=\'fw.bin\'"}', validator: 'ok', lambda: { kind: 'task', template: 'AWSexecuteCertAuth', keys: 'Device.0.Reboot', arguments: '0=\'fw.bin\'' } },
  { id: 'execute: arguments null means none', desired: '{"operation":"execute","keys":["Device.0.Reboot"],"arguments":null}', validator: 'warning', lambda: { kind: 'task', template: 'AWSexecuteCertAuth', keys: 'Device.0.Reboot' } },
  { id: 'execute: arguments a number', desired: '{"operation":"execute","keys":["Device.0.Reboot"],"arguments":5}', validator: 'warning', lambda: { kind: 'task', template: 'AWSexecuteCertAuth', keys: 'Device.0.Reboot', arguments: 5 } },
  { id: 'execute: two keys', desired: '{"operation":"execute","keys":["Device.0.Reboot","Device.0.Factory Reset"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: Only one LwM2M path can be passed for execute operation - keys array must contain only one element' } },
  { id: 'execute: no key', desired: '{"operation":"execute","keys":[]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: Only one LwM2M path can be passed for execute operation - keys array must contain only one element' } },
  { id: 'execute: keys as a string', desired: '{"operation":"execute","keys":"Device.0.Reboot"}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: Only one LwM2M path can be passed for execute operation - keys array must contain only one element' } },
  { id: 'execute: keys null crashes', desired: '{"operation":"execute","keys":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'object of type \'NoneType\' has no len()', frames: [[250, 'lambda_handler']] } },
  { id: 'execute: keys an object crashes', desired: '{"operation":"execute","keys":{"Device.0.Reboot":1}}', validator: 'error', lambda: { kind: 'crash', type: 'KeyError', message: '0', frames: [[258, 'lambda_handler']] } },
  { id: 'execute: a number key', desired: '{"operation":"execute","keys":[4]}', validator: 'error', lambda: { kind: 'task', template: 'AWSexecuteCertAuth', keys: 4 } },
  { id: 'execute: values ignored', desired: '{"operation":"execute","keys":["Device.0.Reboot"],"values":["x"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSexecuteCertAuth', keys: 'Device.0.Reboot' } },
  { id: 'observe: keys sorted, attributes follow', desired: '{"operation":"observe","keys":["Temperature.0.Sensor Value","Device.0.Battery Level"],"attributes":[{"pmin":10,"pmax":60},{}]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSobserveCertAuth', keys: 'Device.0.Battery Level,Temperature.0.Sensor Value', attributes: '[{},{\'pmin\':10,\'pmax\':60}]' } },
  { id: 'observe: an instance swallows its resource', desired: '{"operation":"observe","keys":["Device.0.Battery Level","Device.0"],"attributes":[{"pmin":1},{"pmax":5}]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSobserveCertAuth', keys: 'Device.0', attributes: '[{\'pmax\':5}]' } },
  { id: 'observe: X and X. are duplicates', desired: '{"operation":"observe","keys":["Device.0","Device.0."],"attributes":[{},{}]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be unique for observe operation' } },
  { id: 'observe: duplicate keys', desired: '{"operation":"observe","keys":["Device.0.Battery Level","Device.0.Battery Level"],"attributes":[{},{}]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be unique for observe operation' } },
  { id: 'observe: no attributes', desired: '{"operation":"observe","keys":["Device.0.Battery Level"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: You must specify attributes when observe operation is used' } },
  { id: 'observe: fewer attributes than keys', desired: '{"operation":"observe","keys":["Device.0.Battery Level","Device.0.Memory Free"],"attributes":[{}]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: The number of keys must be equal to the number of attributes' } },
  { id: 'observe: attributes null crashes', desired: '{"operation":"observe","keys":["Device.0.Battery Level"],"attributes":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'object of type \'NoneType\' has no len()', frames: [[198, 'lambda_handler']] } },
  { id: 'observe: keys null crashes', desired: '{"operation":"observe","keys":null,"attributes":[]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: '\'NoneType\' object is not iterable', frames: [[188, 'lambda_handler']] } },
  { id: 'observe: keys as a string crashes', desired: '{"operation":"observe","keys":"Device.0","attributes":[{}]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: '\'str\' object does not support item assignment', frames: [[190, 'lambda_handler']] } },
  { id: 'observe: a number key crashes', desired: '{"operation":"observe","keys":[3],"attributes":[{}]}', validator: 'error', lambda: { kind: 'crash', type: 'AttributeError', message: '\'int\' object has no attribute \'endswith\'', frames: [[189, 'lambda_handler']] } },
  { id: 'observe: attributes an object crashes', desired: '{"operation":"observe","keys":["Device.0.Battery Level"],"attributes":{"pmin":1}}', validator: 'error', lambda: { kind: 'crash', type: 'AttributeError', message: '\'dict\' object has no attribute \'append\'', frames: [[227, 'lambda_handler']] } },
  { id: 'observe: attributes a string crashes', desired: '{"operation":"observe","keys":["Device.0.Battery Level"],"attributes":"x"}', validator: 'error', lambda: { kind: 'crash', type: 'AttributeError', message: '\'str\' object has no attribute \'clear\'', frames: [[208, 'lambda_handler']] } },
  { id: 'observe: null and a float in attributes', desired: '{"operation":"observe","keys":["Temperature.0.Sensor Value"],"attributes":[{"pmax":null,"st":0.5,"con":1}]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSobserveCertAuth', keys: 'Temperature.0.Sensor Value', attributes: '[{\'pmax\':None,\'st\':0.5,\'con\':1}]' } },
  { id: 'observe: empty keys and attributes', desired: '{"operation":"observe","keys":[],"attributes":[]}', validator: 'error', lambda: { kind: 'task', template: 'AWSobserveCertAuth', keys: '', attributes: '[]' } },
  { id: 'observe: values ignored', desired: '{"operation":"observe","keys":["Device.0.Battery Level"],"attributes":[{}],"values":[1]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSobserveCertAuth', keys: 'Device.0.Battery Level', attributes: '[{}]' } },
  { id: 'writeAttributes: order kept, null becomes \'\'', desired: '{"operation":"writeAttributes","keys":["Temperature.0.Sensor Value","Device.0.Battery Level"],"attributes":[{"pmin":5},{"pmax":null}]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteAttributesCertAuth', keys: 'Temperature.0.Sensor Value,Device.0.Battery Level', attributes: '[{\'pmin\':5},{\'pmax\':\'\'}]' } },
  { id: 'writeAttributes: trailing dot', desired: '{"operation":"writeAttributes","keys":["Device.0."],"attributes":[{}]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteAttributesCertAuth', keys: 'Device.0', attributes: '[{}]' } },
  { id: 'writeAttributes: duplicate keys', desired: '{"operation":"writeAttributes","keys":["Device.0","Device.0."],"attributes":[{},{}]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: keys must be unique for writeAttributes operation' } },
  { id: 'writeAttributes: no attributes', desired: '{"operation":"writeAttributes","keys":["Device.0.Battery Level"]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: You must specify attributes when writeAttributes operation is used' } },
  { id: 'writeAttributes: fewer attributes than keys', desired: '{"operation":"writeAttributes","keys":["Device.0.Battery Level","Device.0.Memory Free"],"attributes":[{}]}', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: The number of keys must be equal to the number of attributes' } },
  { id: 'writeAttributes: attributes null crashes', desired: '{"operation":"writeAttributes","keys":["Device.0.Battery Level"],"attributes":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'object of type \'NoneType\' has no len()', frames: [[311, 'lambda_handler']] } },
  { id: 'writeAttributes: keys null crashes', desired: '{"operation":"writeAttributes","keys":null,"attributes":[]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: '\'NoneType\' object is not iterable', frames: [[302, 'lambda_handler']] } },
  { id: 'writeAttributes: attributes a string', desired: '{"operation":"writeAttributes","keys":["Device.0.Battery Level"],"attributes":"x"}', validator: 'error', lambda: { kind: 'task', template: 'AWSwriteAttributesCertAuth', keys: 'Device.0.Battery Level', attributes: 'x' } },
  { id: 'cancelObserve: one key', desired: '{"operation":"cancelObserve","keys":["Device.0.Battery Level"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWScancelObserveCertAuth', keys: 'Device.0.Battery Level' } },
  { id: 'cancelObserve: all wins', desired: '{"operation":"cancelObserve","keys":["Device.0.Battery Level","all"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWScancelObserveCertAuth', keys: 'all' } },
  { id: 'cancelObserve: duplicate dropped', desired: '{"operation":"cancelObserve","keys":["Device.0.Battery Level","Device.0.Battery Level"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWScancelObserveCertAuth', keys: 'Device.0.Battery Level' } },
  { id: 'cancelObserve: keys null crashes', desired: '{"operation":"cancelObserve","keys":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'argument of type \'NoneType\' is not iterable', frames: [[279, 'lambda_handler']] } },
  { id: 'cancelObserve: a number key crashes', desired: '{"operation":"cancelObserve","keys":[5]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'sequence item 0: expected str instance, int found', frames: [[283, 'lambda_handler']] } },
  { id: 'cancelObserve: a list key crashes', desired: '{"operation":"cancelObserve","keys":[["Device.0"]]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'unhashable type: \'list\'', frames: [[282, 'lambda_handler']] } },
  { id: 'cancelObserve: keys a string containing all', desired: '{"operation":"cancelObserve","keys":"Small"}', validator: 'error', lambda: { kind: 'task', template: 'AWScancelObserveCertAuth', keys: 'all' } },
  { id: 'observeComposite: two keys', desired: '{"operation":"observeComposite","keys":["Device.0.Battery Level","Temperature.0.Sensor Value"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSobserveCompositeCertAuth', keys: 'Temperature.0.Sensor Value,Device.0.Battery Level', unordered: true } },
  { id: 'observeComposite: duplicate dropped', desired: '{"operation":"observeComposite","keys":["Device.0.Battery Level","Device.0.Battery Level"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSobserveCompositeCertAuth', keys: 'Device.0.Battery Level' } },
  { id: 'observeComposite: attributes dropped', desired: '{"operation":"observeComposite","keys":["Device.0.Battery Level"],"attributes":[{"pmin":1}]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSobserveCompositeCertAuth', keys: 'Device.0.Battery Level' } },
  { id: 'observeComposite: keys null crashes', desired: '{"operation":"observeComposite","keys":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: '\'NoneType\' object is not iterable', frames: [[241, 'lambda_handler']] } },
  { id: 'observeComposite: a number key crashes', desired: '{"operation":"observeComposite","keys":[5]}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: 'sequence item 0: expected str instance, int found', frames: [[242, 'lambda_handler']] } },
  { id: 'cancelObserveComposite: two keys', desired: '{"operation":"cancelObserveComposite","keys":["Device.0.Battery Level","Temperature.0.Sensor Value"]}', validator: 'ok', lambda: { kind: 'task', template: 'AWScancelObserveCompositeCertAuth', keys: 'Temperature.0.Sensor Value,Device.0.Battery Level', unordered: true } },
  { id: 'cancelObserveComposite: duplicate dropped', desired: '{"operation":"cancelObserveComposite","keys":["Device.0.Battery Level","Device.0.Battery Level"]}', validator: 'warning', lambda: { kind: 'task', template: 'AWScancelObserveCompositeCertAuth', keys: 'Device.0.Battery Level' } },
  { id: 'cancelObserveComposite: keys null crashes', desired: '{"operation":"cancelObserveComposite","keys":null}', validator: 'error', lambda: { kind: 'crash', type: 'TypeError', message: '\'NoneType\' object is not iterable', frames: [[292, 'lambda_handler']] } },
  { id: 'unknown thing: read crashes at the device lookup', desired: '{"operation":"read","keys":["Device.0"]}', thing: 'unknown-thing', validator: 'ok', lambda: { kind: 'crash', type: 'IndexError', message: 'list index out of range', frames: [[348, 'lambda_handler'], [93, 'get_device_db_id']] } },
  { id: 'unknown thing: a refusal comes first', desired: '{"operation":"write","keys":["Device.0.Timezone"]}', thing: 'unknown-thing', validator: 'error', lambda: { kind: 'refused', status: 400, line: 'Error: You must specify values when write operation is used' } },
  { id: 'cancelObserve: X and X. are two keys', desired: '{"operation":"cancelObserve","keys":["Device.0.Battery Level","Device.0.Battery Level."]}', validator: 'warning', lambda: { kind: 'task', template: 'AWScancelObserveCertAuth', keys: 'Device.0.Battery Level.,Device.0.Battery Level', unordered: true } },
  { id: 'observeComposite: X and X. are two keys', desired: '{"operation":"observeComposite","keys":["Device.0.Battery Level","Device.0.Battery Level."]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSobserveCompositeCertAuth', keys: 'Device.0.Battery Level.,Device.0.Battery Level', unordered: true } },
  { id: 'write: a value with a space and quotes', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":["it\'s a \\"zone\\""]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: 'it\'s a "zone"' } },
  { id: 'observe: a key already ending in a dot', desired: '{"operation":"observe","keys":["Device.0."],"attributes":[{"pmin":1}]}', validator: 'ok', lambda: { kind: 'task', template: 'AWSobserveCertAuth', keys: 'Device.0', attributes: '[{\'pmin\':1}]' } },
  { id: 'write: true into a String resource travels as True', desired: '{"operation":"write","keys":["Device.0.Timezone"],"values":[true]}', validator: 'warning', lambda: { kind: 'task', template: 'AWSwriteCertAuth', keys: 'Device.0.Timezone', values: 'True' } },
];
