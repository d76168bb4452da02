import 'reflect-metadata';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { scanProblemCodes } from '../../../../scripts/api-types/scan-problem-codes';
import {
  DOMAIN_PROBLEM_CODES,
  ERROR_CODES,
  FIELD_ERROR_CODES,
  PROBLEM_CODE_STATUS,
  PROBLEM_CODES,
} from './error-codes';
// Loading the app module registers every DTO's validation constraints in class-validator's storage.
import '../app.module';

const ROOT = join(__dirname, '..', '..', '..', '..');

/** The constraint names the validation pipe can report as an `errors[].code` (`isInt`, `minLength`, …). */
function validationConstraintNames(): string[] {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, Array<{ name?: string; type: string; constraintCls?: unknown }>>;
    constraintMetadatas: Map<unknown, Array<{ name: string }>>;
  };
  const names = new Set<string>(['whitelistValidation']); // forbidNonWhitelisted: an unknown field
  for (const list of storage.validationMetadatas.values()) {
    for (const metadata of list) {
      if (metadata.type === 'conditionalValidation') continue; // @IsOptional never fails
      if (metadata.name) names.add(metadata.name);
      else if (metadata.type === 'nestedValidation') names.add('nestedValidation');
      else
        for (const constraint of storage.constraintMetadatas.get(metadata.constraintCls) ?? [])
          names.add(constraint.name);
    }
  }
  return [...names].sort();
}

describe('the list of problem and field error codes', () => {
  const scanned = scanProblemCodes(ROOT);
  const fieldCodes = new Set<string>(FIELD_ERROR_CODES);

  it('holds every problem code the sources raise, with the status its kind maps to', () => {
    const status = PROBLEM_CODE_STATUS as Record<string, number>;
    const missing = scanned.problems
      .filter((p) => status[p.code] === undefined)
      .map((p) => `${p.code}: ${p.status}, (raised at ${p.at})`);
    const wrong = scanned.problems
      .filter((p) => status[p.code] !== undefined && status[p.code] !== p.status)
      .map((p) => `${p.code} is ${p.status} at ${p.at}, listed as ${status[p.code]}`);
    expect({ missing, wrong }).toEqual({ missing: [], wrong: [] });
  });

  it('lists no domain code that the sources no longer raise', () => {
    const raised = new Set(scanned.problems.map((p) => p.code));
    expect(Object.keys(DOMAIN_PROBLEM_CODES).filter((code) => !raised.has(code))).toEqual([]);
  });

  it('holds every field error code: violations in the sources and the validation constraints of the DTOs', () => {
    const constraints = validationConstraintNames();
    expect(constraints).toEqual(expect.arrayContaining(['isInt', 'isString', 'isUuid', 'minLength']));
    const missing = [
      ...scanned.fieldErrors.filter((f) => !fieldCodes.has(f.code)).map((f) => `'${f.code}' (at ${f.at})`),
      ...constraints.filter((name) => !fieldCodes.has(name)).map((name) => `'${name}' (a validation constraint)`),
    ];
    expect(missing).toEqual([]);
    const known = new Set([...scanned.fieldErrors.map((f) => f.code), ...constraints]);
    expect(FIELD_ERROR_CODES.filter((code) => !known.has(code))).toEqual([]);
  });

  it('exports one sorted list of every code', () => {
    expect(ERROR_CODES).toEqual([...new Set([...PROBLEM_CODES, ...FIELD_ERROR_CODES])].sort());
    expect(ERROR_CODES).toEqual(
      expect.arrayContaining([
        'VALIDATION_FAILED',
        'UNAUTHENTICATED',
        'FORBIDDEN',
        'TOO_MANY_REQUESTS',
        'INTERNAL_ERROR',
        'CALL_STATE_CONFLICT',
        'TOO_FEW_PARTNERS',
        'isInt',
      ]),
    );
  });

  it('the scan finds a code planted in a source file', () => {
    // The scanner is the list's guard: it must see the forms the code base raises refusals in.
    const planted = scanProblemCodes(join(ROOT, 'scripts', 'api-types'), ['testing']);
    expect(planted.problems.map((p) => `${p.code}:${p.status}`)).toEqual([
      'PLANTED_CONFLICT:409',
      'PLANTED_NOT_FOUND:404',
      'PLANTED_RULE:422',
    ]);
    expect(planted.fieldErrors.map((f) => f.code)).toEqual(['PLANTED_FIELD', 'PLANTED_HELPER_FIELD']);
  });
});
