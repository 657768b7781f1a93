#!/usr/bin/env node
// lwm2m-shadows: the command-line face of src/core (validate operation documents, list keys).
process.stdout.write('lwm2m-shadows: no commands yet\n');
