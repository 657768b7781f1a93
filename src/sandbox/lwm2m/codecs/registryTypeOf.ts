// The codecs' TypeOf from the object registry (the bundled OMA registry plus vendor DDF files).
import type { Registry } from '../../../core/index';
import { pathIds } from './paths';
import type { TypeOf } from './types';

export function registryTypeOf(registry: Registry): TypeOf {
  return (path) => {
    const ids = pathIds(path);
    if (!ids || ids.length < 3) return undefined;
    const obj = registry.objectById(ids[0]);
    return obj ? registry.resourceById(obj, ids[2])?.type : undefined;
  };
}
