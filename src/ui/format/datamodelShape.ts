// The parts of core's DatamodelTree (src/core readDatamodel) that the UI's pure helpers read. Declared
// structurally so these helpers stay independent of the core bundle, which the UI loads lazily.

export interface ResourceDefLike {
  type?: string;
  units?: string;
  operations?: string;
}

export interface DmResourceLike {
  name: string;
  key: string;
  path?: string;
  value?: string;
  noValue?: boolean;
  def?: ResourceDefLike;
  instances?: { id: string; value: string; key: string; path?: string }[];
}

export interface DatamodelLike {
  objects: { name: string; instances: { id: string; resources: DmResourceLike[] }[] }[];
}
