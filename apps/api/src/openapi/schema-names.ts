import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';

/** A schema name the document would give to more than one class (@nestjs/swagger keeps the last one silently). */
export interface SchemaNameCollision {
  name: string;
  /** Where each class was reached from, e.g. `CommitmentsController.decline body`, `CreateCallDto.regionalAnnex`. */
  reachedFrom: string[];
}

const BUILT_IN = new Set<unknown>([
  String,
  Number,
  Boolean,
  Object,
  Array,
  Date,
  Function,
  Promise,
  Buffer,
  Symbol,
  BigInt,
]);

/** A swagger lazy type (`type: () => Dto`) is an arrow function named `type`. */
const unwrapLazy = (value: unknown): unknown =>
  typeof value === 'function' && value.name === 'type' && !value.prototype ? (value as () => unknown)() : value;

function classesIn(value: unknown): Type[] {
  const type = unwrapLazy(value);
  if (Array.isArray(type)) return type.flatMap(classesIn);
  return typeof type === 'function' && type.prototype && !BUILT_IN.has(type) ? [type as Type] : [];
}

/** The schema name swagger gives a class: `@ApiSchema({ name })` or the class name. */
export function schemaNameOf(type: Type): string {
  const declared = (Reflect.getOwnMetadata(DECORATORS.API_SCHEMA, type) as Array<{ name?: string }> | undefined)?.find(
    (s) => s.name,
  )?.name;
  return declared ?? type.name;
}

/**
 * Every model class reachable from `roots` (and from their properties, transitively), grouped by schema name;
 * a name with two different classes is a collision. Two classes of one name are different objects, so this
 * sees what the generated document cannot show any more.
 */
export function schemaNameCollisions(roots: Array<{ type: unknown; from: string }>): SchemaNameCollision[] {
  const byName = new Map<string, Map<Type, string>>();
  const pending = roots.flatMap(({ type, from }) => classesIn(type).map((cls) => ({ cls, from })));
  const seen = new Set<Type>();
  while (pending.length) {
    const { cls, from } = pending.pop()!;
    if (seen.has(cls)) continue;
    seen.add(cls);
    const name = schemaNameOf(cls);
    if (!byName.has(name)) byName.set(name, new Map());
    byName.get(name)!.set(cls, from);
    const properties =
      (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) as string[] | undefined) ?? [];
    for (const key of properties.map((p) => p.slice(1))) {
      const metadata = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, key) as
        { type?: unknown; items?: { type?: unknown } } | undefined;
      const candidates = [
        metadata?.type,
        metadata?.items?.type,
        Reflect.getMetadata('design:type', cls.prototype, key),
      ];
      for (const next of candidates.flatMap(classesIn)) pending.push({ cls: next, from: `${cls.name}.${key}` });
    }
  }
  return [...byName.entries()]
    .filter(([, classes]) => classes.size > 1)
    .map(([name, classes]) => ({ name, reachedFrom: [...classes.values()].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The model classes the app's routes use: parameter types (bodies, queries), documented responses, bodies and extra
 * models.
 */
export function routeModelRoots(app: INestApplication): Array<{ type: unknown; from: string }> {
  const roots: Array<{ type: unknown; from: string }> = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | undefined;
      if (!controller?.prototype) continue;
      const extra = (Reflect.getMetadata(DECORATORS.API_EXTRA_MODELS, controller) as unknown[] | undefined) ?? [];
      roots.push(...extra.map((type) => ({ type, from: `${controller.name} extra model` })));
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = Object.getOwnPropertyDescriptor(controller.prototype, name)?.value as object | undefined;
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const at = `${controller.name}.${name}`;
        const params =
          (Reflect.getMetadata('design:paramtypes', controller.prototype, name) as unknown[] | undefined) ?? [];
        roots.push(...params.map((type, i) => ({ type, from: `${at} parameter ${i}` })));
        const responses =
          (Reflect.getMetadata(DECORATORS.API_RESPONSE, handler) as Record<string, { type?: unknown }> | undefined) ??
          {};
        roots.push(
          ...Object.entries(responses).map(([status, r]) => ({ type: r.type, from: `${at} response ${status}` })),
        );
        const parameters =
          (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) as Array<{ type?: unknown }> | undefined) ?? [];
        roots.push(...parameters.map((p) => ({ type: p.type, from: `${at} documented parameter` })));
        const extraOfMethod =
          (Reflect.getMetadata(DECORATORS.API_EXTRA_MODELS, handler) as unknown[] | undefined) ?? [];
        roots.push(...extraOfMethod.map((type) => ({ type, from: `${at} extra model` })));
      }
      const classResponses =
        (Reflect.getMetadata(DECORATORS.API_RESPONSE, controller) as Record<string, { type?: unknown }> | undefined) ??
        {};
      roots.push(
        ...Object.entries(classResponses).map(([status, r]) => ({
          type: r.type,
          from: `${controller.name} response ${status}`,
        })),
      );
    }
  }
  return roots;
}
