/**
 * Activities are methods of Nest providers marked `@Activity()`; the worker registers every marked method
 * of its providers under the method's name, so adding an activity is writing it, not also binding it by hand.
 */
const MARKED = new WeakMap<object, string[]>();

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the activity's own signature
type ActivityFunction = (...args: any[]) => Promise<unknown>;

export function Activity(): MethodDecorator {
  return (target, key) => {
    const type = target.constructor;
    MARKED.set(type, [...(MARKED.get(type) ?? []), String(key)]);
  };
}

/** The activity names a provider class declares (its own and its base classes'). */
export function activityNamesOf(type: abstract new (...args: never[]) => unknown): string[] {
  const names: string[] = [];
  for (let current: unknown = type; typeof current === 'function' && current !== Function.prototype;) {
    names.push(...(MARKED.get(current) ?? []));
    current = Object.getPrototypeOf(current);
  }
  return names;
}

/** Every marked method of `instances`, bound to its instance; a name declared twice is refused at boot. */
export function collectActivities(instances: readonly object[]): Record<string, ActivityFunction> {
  const activities: Record<string, ActivityFunction> = {};
  const owners = new Map<string, string>();
  for (const instance of instances) {
    const type = instance.constructor as new () => unknown;
    for (const name of activityNamesOf(type)) {
      const owner = owners.get(name);
      if (owner && owner !== type.name) throw new Error(`Activity ${name} is declared by ${owner} and ${type.name}`);
      owners.set(name, type.name);
      const method = (instance as Record<string, unknown>)[name];
      if (typeof method !== 'function') throw new Error(`Activity ${type.name}.${name} is not a method`);
      activities[name] = (method as ActivityFunction).bind(instance);
    }
  }
  return activities;
}
