import { applyDecorators } from '@nestjs/common';
import { IsDefined, ValidateIf } from 'class-validator';

/**
 * An optional request field that may be left out but not sent as `null`. `@IsOptional()` skips every validator for
 * `null` as well as for a missing field, so a `null` reached the handlers as if it were a value (and failed there as a
 * 500); here a missing field skips validation and `null` is refused with 400 `isDefined` naming the field, beside what
 * the field's other validators say. Fields where `null` means something (clearing a value) keep `@IsOptional()` and
 * say `nullable` in their OpenAPI schema.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: unknown, value: unknown) => value !== undefined),
    IsDefined({ message: ({ property }) => `${property} may be left out but must not be null` }),
  );
}
