import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { hasRole, PUBLIC_ROUTE, REQUIRED_ROLES, type Principal } from '@app/common';
import type { Role } from '@app/domain';
import { AccessTokens } from '@app/application';
import { PrincipalLoader } from './principal.loader';

interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/**
 * The global guard: every route needs a valid bearer access token unless marked `@Public()`, and
 * `@Roles(...)` narrows it to roles (403). Boundaries (organisation, agency, assignment) are
 * enforced by each use case, which answers 404 for ids outside them.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    private readonly principals: PrincipalLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const bearer = await this.tokens.check(request.headers.authorization);
    if (bearer.kind === 'missing') throw new UnauthorizedException('A bearer access token is required.');
    if (bearer.kind === 'invalid') throw new UnauthorizedException('The access token is invalid or expired.');
    const principal = await this.principals.load(bearer.subject);
    if (!principal) throw new UnauthorizedException('The account is not active.');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasRole(principal, ...roles)) {
      throw new ForbiddenException({
        message: `This action needs one of the roles ${roles.join(', ')}.`,
        params: { allowed: [...roles] },
      });
    }
    return true;
  }
}
