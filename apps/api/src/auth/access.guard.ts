import { ForbiddenException, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { hasRole, PUBLIC_ROUTE, REQUIRED_ROLES, type Principal } from '@app/common';
import type { Role } from '@app/domain';
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
    private readonly jwt: JwtService,
    private readonly principals: PrincipalLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedException('A bearer access token is required.');
    let subject: string;
    try {
      const claims = await this.jwt.verifyAsync<{ sub: string; typ?: string }>(match[1], { algorithms: ['HS256'] });
      if (claims.typ !== 'access' || typeof claims.sub !== 'string') throw new Error('not an access token');
      subject = claims.sub;
    } catch {
      throw new UnauthorizedException('The access token is invalid or expired.');
    }
    const principal = await this.principals.load(subject);
    if (!principal) throw new UnauthorizedException('The account is not active.');
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !hasRole(principal, ...roles)) {
      throw new ForbiddenException(`This action needs one of the roles ${roles.join(', ')}.`);
    }
    return true;
  }
}
